/**
 * Gives the vendored tests their real values at run time: the rewrite (`rewrite-plugin.ts`) turns
 * each placeholder into a call of {@link upstreamValue}, which looks the current test up in
 * `PLACEHOLDERS` against the world the setup file built for this test file.
 */
import { expect, test } from 'vitest';
import { EXPECTED, PLACEHOLDERS } from './placeholders.js';
import type { World } from './world.js';

let current: World | undefined;

/** Records the world of the test file about to run (called by `setup.ts`). */
export function setWorld(world: World): void {
  current = world;
}

/**
 * The real value of placeholder number `index` of vendored file `file` for the running test.
 *
 * @throws {Error} Outside a test, or when the map has no such placeholder (a stale rewrite).
 */
export function upstreamValue(file: string, index: number): unknown {
  const placeholder = PLACEHOLDERS[file]?.[index];
  const testName = expect.getState().currentTestName;
  if (!placeholder || !current || testName === undefined) {
    throw new Error(`upstream placeholder ${index} of ${file} used outside a test or without a world`);
  }
  // 'resource jobs > cancel' → 'cancel' (upstream has one describe block per file).
  const title = testName.split(' > ').at(-1) ?? testName;
  return placeholder.value(current.ids, title);
}

/**
 * Runs a vendored test whose request the real API refuses (listed as `refused` in `EXPECTED`): it
 * passes only when the simulator answers with a 400 whose message matches the listed refusal, so a
 * crash, a 500 or a silent success still fails it.
 */
export function upstreamRefused(title: string, body: () => Promise<unknown>): void {
  const refusal = Object.values(EXPECTED)
    .map((tests) => tests[title])
    .find((expected) => expected?.mode === 'refused')?.refusal;
  if (!refusal) throw new Error(`upstream test '${title}' is not listed as refused in placeholders.ts`);
  test(title, async () => {
    await expect(body()).rejects.toMatchObject({ status: 400, message: expect.stringMatching(refusal) });
  });
}
