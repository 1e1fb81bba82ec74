/**
 * The load-time rewrite of the vendored openai-node tests (a Vite transform of the `upstream`
 * vitest project): the files stay byte for byte as upstream wrote them, and what runs differs only
 * where `placeholders.ts` says:
 *
 * - each placeholder's source text becomes a call `__upstreamValue(file, index)` (see `resolve.ts`);
 * - `test('title',` becomes `test.skip(` or `__upstreamRefused(` (the request must get a 400) for
 *   the tests listed in `EXPECTED`.
 *
 * A placeholder or title the file no longer contains is an error, so a stale map cannot pass
 * silently after the vendored files are updated. The import is added on the first line, so line
 * numbers in failures match the vendored file.
 */
import { fileURLToPath } from 'node:url';
import type { Plugin } from 'vitest/config';
import { EXPECTED, PLACEHOLDERS } from './placeholders.js';

const VENDORED = /\/test\/upstream\/openai-node\/api-resources\/(.+\.test\.ts)$/;
const RESOLVER = fileURLToPath(new URL('./resolve.ts', import.meta.url));

/**
 * Rewrites one vendored file.
 *
 * @param code - The vendored source.
 * @param file - Its path under `openai-node/api-resources/`.
 * @returns The source to run.
 * @throws {Error} When a placeholder or expected test of the map is not in the file.
 */
export function rewriteVendoredTest(code: string, file: string): string {
  let out = code;
  (PLACEHOLDERS[file] ?? []).forEach((placeholder, index) => {
    if (!out.includes(placeholder.find)) {
      throw new Error(
        `upstream rewrite: ${file} has no ${placeholder.find} any more; update placeholders.ts`,
      );
    }
    const token = placeholder.token ?? placeholder.find;
    const replaced = placeholder.find.replace(token, `__upstreamValue(${JSON.stringify(file)}, ${index})`);
    out = out.split(placeholder.find).join(replaced);
  });
  for (const [title, expected] of Object.entries(EXPECTED[file] ?? {})) {
    const call = `test(${JSON.stringify(title).replace(/^"|"$/g, "'")},`;
    if (!out.includes(call))
      throw new Error(`upstream rewrite: ${file} has no ${call}; update placeholders.ts`);
    const runner = expected.mode === 'skip' ? 'test.skip' : '__upstreamRefused';
    out = out.replace(call, `${runner}${call.slice(4)}`);
  }
  return `import { upstreamValue as __upstreamValue, upstreamRefused as __upstreamRefused } from ${JSON.stringify(RESOLVER)}; ${out}`;
}

/** The Vite plugin applying {@link rewriteVendoredTest} to the vendored files. */
export function upstreamPlaceholders(): Plugin {
  return {
    name: 'finetune-kit:upstream-placeholders',
    enforce: 'pre',
    transform(code, id) {
      const file = VENDORED.exec(id.replaceAll('\\', '/').split('?')[0] ?? '')?.[1];
      if (file === undefined) return null;
      return { code: rewriteVendoredTest(code, file), map: null };
    },
  };
}
