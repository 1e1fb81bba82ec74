/**
 * Run after tsup by `npm run build`: marks every import of the optional peer `msw` in the built
 * declarations (`dist/**\/*.d.ts`, `*.d.cts`) with `// @ts-ignore`.
 *
 * Why: `finetune-kit/testing` types `sim.handlers()` as msw's own `HttpHandler[]`, so the handlers
 * go straight into `setupServer(...)`. msw's `RequestHandler` class has private members, so no
 * structural type of ours could stand in for it. Without the mark, a project that does not install
 * msw and checks library types (`skipLibCheck: false`) fails on `Cannot find module 'msw'`. With
 * it, such a project compiles and the handlers are `any` there (msw is absent, so `handlers()`
 * could not run anyway); with msw installed they keep msw's exact type. The same comment is what
 * other libraries ship for optional peers (Vite does it for `sass`, `less`, `lightningcss`).
 * tsup rewrites imports when it bundles declarations and drops comments on them, so the mark is
 * added to its output rather than written in `src/`.
 *
 * Usage: npx tsx scripts/optional-peer-types.ts [dist-dir]
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Optional peers whose types are allowed to be missing. `openai` is not one: its types are required. */
export const OPTIONAL_TYPE_PEERS: readonly string[] = ['msw'];

/** The comment put on the line before each import of an optional peer. */
export const MARK = '// @ts-ignore -- optional peer dependency: its types are `any` when it is not installed';

/**
 * Adds {@link MARK} before each top-level `import`/`export … from` of an optional peer.
 * Idempotent. Throws on an inline `import('peer')` type, which one comment line could not cover.
 *
 * @param text - A declaration file.
 * @param file - Its name, for the error message.
 * @returns The marked text and how many imports were marked.
 */
export function markOptionalPeerImports(
  text: string,
  file = 'declaration file',
): { text: string; marked: number } {
  const peers = OPTIONAL_TYPE_PEERS.map((name) => name.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')).join('|');
  const statement = new RegExp(`^(?:import|export)\\b[^;]*\\bfrom ['"](?:${peers})(?:/[^'"]*)?['"];?\\s*$`);
  const inline = new RegExp(`\\bimport\\(\\s*['"](?:${peers})(?:/[^'"]*)?['"]\\s*\\)`);
  const lines = text.split('\n');
  const out: string[] = [];
  let marked = 0;
  for (const [index, line] of lines.entries()) {
    if (inline.test(line)) {
      throw new Error(
        `${file}:${index + 1}: inline import() of an optional peer; cannot mark it: ${line.trim()}`,
      );
    }
    if (statement.test(line) && out[out.length - 1] !== MARK) {
      out.push(MARK);
      marked++;
    }
    out.push(line);
  }
  return { text: out.join('\n'), marked };
}

function declarationFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && /\.d\.c?ts$/.test(entry.name))
    .map((entry) => join(entry.parentPath, entry.name));
}

function main(): void {
  const root = join(dirname(fileURLToPath(import.meta.url)), '..');
  const dist = process.argv[2] ?? join(root, 'dist');
  let total = 0;
  for (const file of declarationFiles(dist)) {
    const before = readFileSync(file, 'utf8');
    const { text, marked } = markOptionalPeerImports(before, file);
    if (text !== before) writeFileSync(file, text);
    total += marked;
  }
  console.log(
    `optional-peer-types: marked ${total} import(s) of ${OPTIONAL_TYPE_PEERS.join(', ')} in ${dist}`,
  );
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main();
