/**
 * The dist layering check of `.ci/dist-imports.mjs` (run by `.ci/run` after the build), on small
 * hand-written bundles shaped like the build's output: what it follows, what it reports.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs script without types
import * as check from '../../.ci/dist-imports.mjs';

interface DistCheck {
  isNodeBuiltin(specifier: string): boolean;
  staticImports(code: string, format: 'esm' | 'cjs'): string[];
  checkDist(distDir: string): { problems: string[]; report: string[] };
}
const { isNodeBuiltin, staticImports, checkDist } = check as DistCheck;

const ENTRIES = ['index', 'dataset/index', 'metrics/index', 'job/index', 'testing/index', 'evaluate/index'];

let dist = '';

/** Writes `files` (path → content) under the temporary dist folder. */
function write(files: Record<string, string>): void {
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(dist, path, '..'), { recursive: true });
    writeFileSync(join(dist, path), content);
  }
}

/** A dist with every entry, each importing `chunk.js` / `chunk.cjs`. */
function writeCleanDist(chunkJs = 'export const a = 1;\n', chunkCjs = 'exports.a = 1;\n'): void {
  const files: Record<string, string> = { 'chunk.js': chunkJs, 'chunk.cjs': chunkCjs };
  for (const entry of ENTRIES) {
    const up = entry.includes('/') ? '../' : './';
    files[`${entry}.js`] = `export { a } from '${up}chunk.js';\n`;
    files[`${entry}.cjs`] =
      `'use strict';\nvar chunk_cjs = require('${up}chunk.cjs');\nexports.a = chunk_cjs.a;\n`;
  }
  write(files);
}

beforeEach(() => {
  dist = mkdtempSync(join(tmpdir(), 'finetune-kit-dist-check-'));
});
afterEach(() => {
  rmSync(dist, { recursive: true, force: true });
});

describe('dist import check', () => {
  it('knows Node built-ins with and without the node: prefix', () => {
    for (const name of ['node:fs', 'fs', 'fs/promises', 'path', 'url', 'worker_threads', 'node:test']) {
      expect(isNodeBuiltin(name), name).toBe(true);
    }
    for (const name of ['zod', 'gpt-tokenizer/data/o200k_base.tiktoken', './chunk.js', 'openai']) {
      expect(isNodeBuiltin(name), name).toBe(false);
    }
  });

  it('reads static imports and skips dynamic ones and requires inside functions', () => {
    const esm = [
      "import path from 'path';",
      'import { fileURLToPath } from "url";',
      "import './side-effect.js';",
      "export { x } from './chunk-A.js';",
      "const later = () => import('node:fs');",
      '  import("node:worker_threads");',
    ].join('\n');
    expect(staticImports(esm, 'esm')).toEqual(['path', 'url', './chunk-A.js', './side-effect.js']);
    const cjs = [
      "var import_node_fs = __toESM(require('node:fs'), 1);",
      "var chunk_cjs = require('./chunk.cjs');",
      "require('./side.cjs');",
      'function lazy() {',
      "  return require('node:worker_threads');",
      '}',
    ].join('\n');
    expect(staticImports(cjs, 'cjs')).toEqual(['node:fs', './chunk.cjs', './side.cjs']);
  });

  it('passes a dist whose entries load no Node built-in', () => {
    writeCleanDist();
    const { problems, report } = checkDist(dist);
    expect(problems).toEqual([]);
    expect(report).toContain('metrics/index.js: 2 files, Node built-ins at import: none');
  });

  it('names the entry, the built-in and the chunk when /metrics, /job or /evaluate load one through a chunk', () => {
    writeCleanDist("import path from 'path';\nexport const a = path.sep;\n");
    const { problems } = checkDist(dist);
    expect(problems).toContain(
      `metrics/index.js loads Node's "path" at import (static import in chunk.js); load it with a dynamic import() where it is needed.`,
    );
    expect(problems).toContain(
      `job/index.js loads Node's "path" at import (static import in chunk.js); load it with a dynamic import() where it is needed.`,
    );
    expect(problems).toContain(
      `evaluate/index.js loads Node's "path" at import (static import in chunk.js); load it with a dynamic import() where it is needed.`,
    );
    // The root and /dataset entries may load Node (file input); they are reported, not refused.
    expect(problems.filter((line) => line.startsWith('index.') || line.startsWith('dataset/'))).toEqual([]);
  });

  it('catches a computed require that the CommonJS build runs while loading', () => {
    writeCleanDist(
      undefined,
      "var u = require('u' + 'rl').pathToFileURL(__filename).href;\nexports.a = u;\n",
    );
    const { problems } = checkDist(dist);
    expect(problems).toEqual([
      `metrics/index.cjs requires Node's "url" while it loads (seen at run time).`,
      `job/index.cjs requires Node's "url" while it loads (seen at run time).`,
      `evaluate/index.cjs requires Node's "url" while it loads (seen at run time).`,
    ]);
  });

  it('says which entry is missing when the build has not run', () => {
    const { problems } = checkDist(dist);
    expect(problems[0]).toBe('index.js is missing: build first (npm run build).');
    expect(problems).toHaveLength(12);
  });
});
