// Layering of the built package: what each entry loads at import time, following its static
// imports through the chunks. `/metrics`, `/job` and `/evaluate` must load no Node built-in at import (they run
// in browsers, edge runtimes and notebooks); the places that need Node (file input, the worker
// pool) load it with a dynamic `import()`, which this check does not follow.
//
// Usage: node .ci/dist-imports.mjs [distDir]   (after `npm run build`; default: dist)
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Entries whose import must load no Node built-in. */
export const NODE_FREE_ENTRIES = ['metrics/index', 'job/index', 'evaluate/index'];
/** Every library entry, for the report. */
export const ENTRIES = [
  'index',
  'dataset/index',
  'metrics/index',
  'job/index',
  'testing/index',
  'evaluate/index',
];

const BUILTINS = new Set(builtinModules.flatMap((name) => [name, name.split('/')[0]]));

/** True for `node:fs`, `fs`, `fs/promises`, `worker_threads`, …. */
export function isNodeBuiltin(specifier) {
  return specifier.startsWith('node:') || BUILTINS.has(specifier) || BUILTINS.has(specifier.split('/')[0]);
}

// esbuild prints every top-level import on a line of its own at column 0; a dynamic `import()`
// or a `require()` inside a function never starts a line that way.
const ESM_STATIC = [
  /^(?:import|export)\s[^'"`;]*?\sfrom\s*(['"])([^'"]+)\1/gm,
  /^import\s*(['"])([^'"]+)\1/gm,
];
const CJS_STATIC = [
  /^(?:var|let|const)\s+[\w$]+\s*=\s*(?:__toESM\()?require\((['"])([^'"]+)\1\)/gm,
  /^require\((['"])([^'"]+)\1\)/gm,
];

/** The specifiers `code` imports at load time (static imports only). */
export function staticImports(code, format) {
  const patterns = format === 'cjs' ? CJS_STATIC : ESM_STATIC;
  return [...new Set(patterns.flatMap((pattern) => [...code.matchAll(pattern)].map((match) => match[2])))];
}

/**
 * Follows the static imports of `entryFile` through the relative chunks it loads.
 *
 * @returns Each non-relative specifier loaded at import time, with the file that imports it.
 */
export function loadedAtImport(entryFile) {
  const format = entryFile.endsWith('.cjs') ? 'cjs' : 'esm';
  const seen = new Set();
  const external = [];
  const queue = [resolve(entryFile)];
  while (queue.length > 0) {
    const file = queue.shift();
    if (seen.has(file)) continue;
    seen.add(file);
    for (const specifier of staticImports(readFileSync(file, 'utf8'), format)) {
      if (specifier.startsWith('.')) queue.push(resolve(dirname(file), specifier));
      else external.push({ specifier, from: file });
    }
  }
  return { files: [...seen], external };
}

// The CommonJS build can also load a built-in through a computed `require('u' + 'rl')` (how it
// spells `import.meta.url`), which no pattern sees: require the entry in a child process and
// record every built-in that is asked for while it loads.
const RECORD_CJS = `
const Module = require('node:module');
const load = Module._load;
const asked = new Set();
Module._load = function (request, ...rest) {
  if (request.startsWith('node:') || Module.builtinModules.includes(request.split('/')[0])) asked.add(request);
  return load.call(this, request, ...rest);
};
require(process.argv[1]);
Module._load = load;
console.log(JSON.stringify([...asked]));
`;

/** The Node built-ins requiring the CommonJS `entryFile` loads, observed at run time. */
export function builtinsRequiredAtRuntime(entryFile) {
  return JSON.parse(
    execFileSync(process.execPath, ['-e', RECORD_CJS, resolve(entryFile)], { encoding: 'utf8' }),
  );
}

/** The Node built-ins each entry of `distDir` loads at import time, by entry file. */
export function checkDist(distDir) {
  const problems = [];
  const report = [];
  for (const entry of ENTRIES) {
    for (const extension of ['js', 'cjs']) {
      const file = join(distDir, `${entry}.${extension}`);
      if (!existsSync(file)) {
        problems.push(`${relative(distDir, file)} is missing: build first (npm run build).`);
        continue;
      }
      const { files, external } = loadedAtImport(file);
      const builtins = external.filter(({ specifier }) => isNodeBuiltin(specifier));
      const names = [...new Set(builtins.map(({ specifier }) => specifier))].sort();
      report.push(
        `${entry}.${extension}: ${files.length} files, Node built-ins at import: ${names.join(', ') || 'none'}`,
      );
      if (!NODE_FREE_ENTRIES.includes(entry)) continue;
      for (const { specifier, from } of builtins) {
        problems.push(
          `${entry}.${extension} loads Node's "${specifier}" at import (static import in ${relative(distDir, from)}); load it with a dynamic import() where it is needed.`,
        );
      }
      if (extension !== 'cjs') continue;
      for (const specifier of builtinsRequiredAtRuntime(file)) {
        problems.push(`${entry}.cjs requires Node's "${specifier}" while it loads (seen at run time).`);
      }
    }
  }
  return { problems, report };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const distDir = resolve(process.argv[2] ?? 'dist');
  const { problems, report } = checkDist(distDir);
  for (const line of report) console.log(`ok ${line}`);
  for (const line of problems) console.error(`FAILED: ${line}`);
  process.exit(problems.length === 0 ? 0 : 1);
}
