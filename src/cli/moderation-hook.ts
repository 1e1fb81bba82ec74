/**
 * `validate --moderate`: the dataset layer's `ModerationHook` over the Moderation API
 * (`POST /moderations`, `omni-moderation-latest`). Batched (one request per batch of examples, the
 * texts as an array input), paced (at most `requestsPerMinute` requests), retried (the client's
 * retry policy: 429 and 5xx with backoff) and resumable: every answer is appended to a cache file
 * keyed by a hash of the example's text, so a second run (after Ctrl-C, or on an unchanged file)
 * asks only about examples it has not seen.
 *
 * @module
 */
import { appendFile, mkdir, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type OpenAI from 'openai';
import { hashText } from '../dataset/checks/hash.js';
import type { ModerationExample, ModerationFlag, ModerationHook } from '../dataset/index.js';
import { abortableDelay } from '../internal/abort.js';

/** The model `--moderate` uses. */
export const MODERATION_MODEL = 'omni-moderation-latest';

/** One cached answer, one JSON object per line of the cache file. */
interface CachedModeration {
  /** `hashText` of the text that was moderated. */
  readonly hash: string;
  /** Flagged categories; empty when the text was not flagged. */
  readonly categories: readonly string[];
}

/** Settings of {@link createModerationHook}. */
export interface ModerationHookOptions {
  /** The API client. */
  readonly client: OpenAI;
  /** The cache file (JSONL); `undefined` keeps answers in memory only. */
  readonly cacheFile: string | undefined;
  /** Requests per minute at most. @default 60 */
  readonly requestsPerMinute?: number;
  /** Called after each request with the examples checked so far and those answered from the cache. */
  readonly onProgress?: (progress: { readonly requested: number; readonly cached: number }) => void;
}

/** The text sent for an example: its messages' (or prompt/completion's) strings, one per line. */
export function moderationText(value: unknown): string {
  const parts: string[] = [];
  const visit = (item: unknown, key: string): void => {
    if (typeof item === 'string') {
      if (
        key !== 'role' &&
        key !== 'type' &&
        key !== 'id' &&
        key !== 'tool_call_id' &&
        !item.startsWith('data:')
      )
        parts.push(item);
    } else if (Array.isArray(item)) {
      for (const element of item) visit(element, key);
    } else if (typeof item === 'object' && item !== null) {
      for (const [name, element] of Object.entries(item)) if (name !== 'tools') visit(element, name);
    }
  };
  visit(value, '');
  return parts.join('\n');
}

/** Reads the cache file; a missing file is an empty cache, a broken line is skipped. */
async function readCache(path: string | undefined): Promise<Map<string, readonly string[]>> {
  const cache = new Map<string, readonly string[]>();
  if (path === undefined) return cache;
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return cache;
    throw error;
  }
  for (const line of text.split('\n')) {
    try {
      const entry = JSON.parse(line) as CachedModeration;
      if (typeof entry.hash === 'string' && Array.isArray(entry.categories))
        cache.set(entry.hash, entry.categories);
    } catch {
      // An interrupted write leaves a partial last line: that example is asked again.
    }
  }
  return cache;
}

/**
 * Creates the hook.
 *
 * @param options - Client, cache file, pacing.
 * @returns A `ModerationHook` for `Dataset.validate({ moderation })`.
 */
export async function createModerationHook(options: ModerationHookOptions): Promise<ModerationHook> {
  const cache = await readCache(options.cacheFile);
  const interval = 60_000 / (options.requestsPerMinute ?? 60);
  let lastRequest = Number.NEGATIVE_INFINITY;
  let requested = 0;
  let cached = 0;
  if (options.cacheFile !== undefined) await mkdir(dirname(options.cacheFile), { recursive: true });

  return async (examples: readonly ModerationExample[], { signal }) => {
    const texts = examples.map((example) => moderationText(example.value));
    const hashes = texts.map(hashText);
    const missing = [...new Set(hashes.filter((hash) => !cache.has(hash)))];
    cached += examples.length - hashes.filter((hash) => missing.includes(hash)).length;
    if (missing.length > 0) {
      const wait = lastRequest + interval - Date.now();
      if (wait > 0) await abortableDelay(wait, signal);
      lastRequest = Date.now();
      const input = missing.map((hash) => texts[hashes.indexOf(hash)]!);
      const response = await options.client.moderations.create(
        { model: MODERATION_MODEL, input },
        signal ? { signal } : {},
      );
      const lines: string[] = [];
      missing.forEach((hash, index) => {
        const result = response.results[index];
        const named = result?.flagged
          ? Object.entries(result.categories)
              .filter(([, on]) => on)
              .map(([name]) => name)
          : [];
        // Flagged without a named category still counts as flagged.
        const categories = result?.flagged && named.length === 0 ? ['flagged'] : named;
        cache.set(hash, categories);
        lines.push(JSON.stringify({ hash, categories } satisfies CachedModeration));
      });
      if (options.cacheFile !== undefined) await appendFile(options.cacheFile, `${lines.join('\n')}\n`);
      requested += missing.length;
    }
    options.onProgress?.({ requested, cached });
    const flags: ModerationFlag[] = [];
    examples.forEach((example, index) => {
      const categories = cache.get(hashes[index]!) ?? [];
      if (categories.length > 0) flags.push({ line: example.line, categories });
    });
    return flags;
  };
}
