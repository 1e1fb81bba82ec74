/**
 * The design the code relies on lives in the repository (`docs/internals/`, `docs/architecture.md`):
 * source comments must not cite documents the repository does not contain, and the sections they
 * cite in the project's docs must exist.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '..');

/** Every `.ts` file under `src/`. */
function sourceFiles(directory = join(root, 'src')): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

/** GitHub's anchor of a Markdown heading: lower case, punctuation dropped, spaces to hyphens. */
function anchorOf(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

/** The anchors of every heading of a Markdown file. */
function anchorsOf(file: string): Set<string> {
  const text = readFileSync(file, 'utf8').replace(/^```[\s\S]*?^```/gm, '');
  return new Set([...text.matchAll(/^#{1,6}\s+(.+)$/gm)].map((match) => anchorOf(match[1] ?? '')));
}

const FORBIDDEN = /DATASET_RULES|METRICS_FORMATS|OPENAI_API_FACTS|TOKENIZER_FACTS|\.\.\/shared\b/;
// A bare section sign (`(§4.2)`) cited those notes too; a public standard's section (RFC 1321 §3.4)
// names its document.
const BARE_SECTION = /(?<!RFC \d+ )§\s?\d/;

describe('design references in src/', () => {
  const files = sourceFiles();

  it('no source file cites a document outside the repository', () => {
    expect(files.length).toBeGreaterThan(100);
    const offenders = files.flatMap((file) =>
      readFileSync(file, 'utf8')
        .split('\n')
        .flatMap((line, index) =>
          FORBIDDEN.test(line) || BARE_SECTION.test(line)
            ? [`${relative(root, file)}:${index + 1}: ${line.trim()}`]
            : [],
        ),
    );
    expect(offenders).toEqual([]);
  });

  it('every docs/internals and docs/architecture section cited in src/ exists', () => {
    const cited: string[] = [];
    const missing: string[] = [];
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      // `docs/internals/x.md#a` and `docs/internals/x.md#a, #b`.
      for (const match of text.matchAll(
        /(docs\/(?:internals\/[\w-]+|architecture)\.md)((?:,? ?#[\w-]+)*)/g,
      )) {
        const doc = join(root, match[1] ?? '');
        const anchors = [...(match[2] ?? '').matchAll(/#([\w-]+)/g)].map((anchor) => anchor[1] ?? '');
        let known: Set<string>;
        try {
          known = anchorsOf(doc);
        } catch {
          missing.push(`${relative(root, file)} cites ${match[1]}, which does not exist`);
          continue;
        }
        for (const anchor of anchors) {
          cited.push(`${match[1]}#${anchor}`);
          if (!known.has(anchor)) missing.push(`${relative(root, file)} cites ${match[1]}#${anchor}`);
        }
      }
    }
    expect(cited.length).toBeGreaterThan(20);
    expect(missing).toEqual([]);
  });

  it('computes anchors as GitHub does', () => {
    expect(anchorOf('Profiles: OpenAI and Azure')).toBe('profiles-openai-and-azure');
    expect(anchorOf('Where gpt-tokenizer differs from tiktoken')).toBe(
      'where-gpt-tokenizer-differs-from-tiktoken',
    );
  });
});
