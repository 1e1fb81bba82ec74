import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

let dist: string;
beforeAll(async () => {
  dist = await mkdtemp(join(tmpdir(), 'finetune-kit-count-exports-'));
  // Six entries shaped like tsup's output: values in the .js, values and types in the .d.ts.
  const entries: Record<string, [js: string, dts: string]> = {
    index: ['export const a = 1; export class B {}', 'export { a, B, type T } from "./chunk.js";'],
    'dataset/index': ['export const a = 1;', 'export declare const a: number;\nexport interface D {}'],
    'job/index': ['export function c() {}', 'declare function c(): void;\nexport { c, type J as Job };'],
    'metrics/index': ['export {};', 'export type M = string;'],
    'testing/index': ['export const e = 2;', 'export declare const e: number;'],
    'evaluate/index': ['export function c() {}', 'declare function c(): void;\nexport { c, type R };'],
  };
  for (const [entry, [js, dts]] of Object.entries(entries)) {
    await mkdir(join(dist, entry, '..'), { recursive: true });
    await writeFile(join(dist, `${entry}.js`), js);
    await writeFile(join(dist, `${entry}.d.ts`), dts);
  }
});
afterAll(async () => {
  await rm(dist, { recursive: true, force: true });
});

describe('scripts/count-exports.mjs', () => {
  it('counts each entry, then the runtime values and the names once over all entries', () => {
    const out = execFileSync(process.execPath, ['scripts/count-exports.mjs', dist], { encoding: 'utf8' });
    const lines = out.trim().split('\n');
    expect(lines[0]).toMatch(/^\.\s+2 runtime values\s+3 names$/);
    expect(lines[2]).toMatch(/^\.\/job\s+1 runtime values\s+2 names$/);
    expect(lines[3]).toMatch(/^\.\/metrics\s+0 runtime values\s+1 names$/);
    expect(lines[5]).toMatch(/^\.\/evaluate\s+1 runtime values\s+2 names$/);
    // a, B, c, e are values (c twice, counted once); T, D, Job, M, R are types-only names.
    expect(lines[6]).toMatch(/^unique\s+4 runtime values\s+9 names \(types included\)$/);
  });
});
