/**
 * Where an encoding's vocabulary comes from. Lazy, and each encoding is built at most once per
 * process (see `load-token-counter.ts`).
 *
 * - On Node (and runtimes with `process.getBuiltinModule`): gpt-tokenizer's `.tiktoken` data file
 *   (`gpt-tokenizer/data/<encoding>.tiktoken`), read and parsed straight into the flat table. Nothing
 *   of the file stays in memory afterwards: about 6 MB for o200k_base, against about 40 MB for
 *   gpt-tokenizer's JS rank module (200,000 strings that the module cache keeps alive forever).
 *   This path is also synchronous, for `countTokens` / `countExampleTokens`.
 * - Elsewhere (browsers, bundles without the data file): a dynamic `import()` of
 *   `gpt-tokenizer/bpeRanks/<encoding>`, which bundlers split into its own chunk.
 *
 * @module
 */
import type { EncodingName } from '../../models/index.js';
import { type RankData, RankTable } from './rank-table.js';

interface RankModule {
  readonly default: RankData;
}

interface NodeProcessLike {
  readonly getBuiltinModule?: (id: string) => unknown;
}

interface NodeFsLike {
  readonly readFileSync: (path: string) => Uint8Array;
  readonly promises: { readonly readFile: (path: string) => Promise<Uint8Array> };
}

interface NodeModuleLike {
  readonly createRequire: (from: string | URL) => { (id: string): unknown; resolve(id: string): string };
}

/** `node:fs` and a `require` anchored at this module, when the runtime offers them synchronously. */
function nodeAccess(): { fs: NodeFsLike; require: ReturnType<NodeModuleLike['createRequire']> } | null {
  const process = (globalThis as { process?: NodeProcessLike }).process;
  if (typeof process?.getBuiltinModule !== 'function') return null;
  try {
    const fs = process.getBuiltinModule('node:fs') as NodeFsLike | undefined;
    const moduleApi = process.getBuiltinModule('node:module') as NodeModuleLike | undefined;
    if (!fs || typeof moduleApi?.createRequire !== 'function') return null;
    // `__filename` first: the CommonJS build turns `import.meta.url` into `require('url')` (see
    // docs/architecture.md#the-built-package).
    const anchor = typeof __filename === 'string' && __filename !== '' ? __filename : import.meta.url;
    return { fs, require: moduleApi.createRequire(anchor) };
  } catch {
    return null;
  }
}

function dataFile(encoding: EncodingName): string {
  return encoding === 'o200k_base'
    ? 'gpt-tokenizer/data/o200k_base.tiktoken'
    : 'gpt-tokenizer/data/cl100k_base.tiktoken';
}

/**
 * Loads an encoding's rank data (gpt-tokenizer's JS module) with a dynamic import.
 *
 * @param encoding - `o200k_base` or `cl100k_base`.
 * @returns The rank data.
 */
export async function importRankData(encoding: EncodingName): Promise<RankData> {
  // Literal specifiers, one per encoding, so bundlers can see and split them.
  const module: RankModule =
    encoding === 'o200k_base'
      ? await import('gpt-tokenizer/bpeRanks/o200k_base')
      : await import('gpt-tokenizer/bpeRanks/cl100k_base');
  return unwrap(module);
}

/**
 * Loads an encoding's table: from the `.tiktoken` data file on Node, else from the JS rank module.
 *
 * @param encoding - `o200k_base` or `cl100k_base`.
 * @returns The table.
 */
export async function loadRankTable(encoding: EncodingName): Promise<RankTable> {
  const node = nodeAccess();
  if (node) {
    let file: Uint8Array | null = null;
    try {
      // Bytes, not text: the file is ASCII and the table is built from bytes (no decoding pass).
      file = await node.fs.promises.readFile(node.require.resolve(dataFile(encoding)));
    } catch {
      // No data file next to gpt-tokenizer (an unusual bundle): use the JS module below.
    }
    if (file !== null) return RankTable.fromTiktoken(file);
  }
  return RankTable.fromRankData(await importRankData(encoding));
}

/**
 * Loads an encoding's table synchronously (Node ≥ 20.16, Deno and Bun with Node compatibility).
 *
 * @param encoding - `o200k_base` or `cl100k_base`.
 * @returns The table, or `undefined` when this runtime cannot load it synchronously.
 */
export function loadRankTableSync(encoding: EncodingName): RankTable | undefined {
  const node = nodeAccess();
  if (!node) return undefined;
  try {
    return RankTable.fromTiktoken(node.fs.readFileSync(node.require.resolve(dataFile(encoding))));
  } catch {
    // Fall back to the JS rank module through require.
  }
  try {
    const module =
      encoding === 'o200k_base'
        ? node.require('gpt-tokenizer/bpeRanks/o200k_base')
        : node.require('gpt-tokenizer/bpeRanks/cl100k_base');
    return RankTable.fromRankData(unwrap(module as RankModule | RankData));
  } catch {
    return undefined;
  }
}

function unwrap(module: RankModule | RankData): RankData {
  // ESM namespaces and CJS `exports.default` both hold the array under `default`.
  const data = Array.isArray(module) ? module : (module as RankModule).default;
  if (!Array.isArray(data)) throw new TypeError('gpt-tokenizer rank data has an unexpected shape.');
  return data as RankData;
}
