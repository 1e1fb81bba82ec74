#!/usr/bin/env node
// Counts the public surface of the built package: the runtime values every ESM entry exports
// (unique across entries) and every exported name, types included, read from the entries'
// declarations. Run after `npm run build`: `node scripts/count-exports.mjs [dist]`.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const dist = resolve(process.argv[2] ?? 'dist');
const entries = ['index', 'dataset/index', 'job/index', 'metrics/index', 'testing/index', 'evaluate/index'];

/** Names a declaration file exports: `export { a, b as c, type D }` lists and `export declare …`. */
function declaredNames(dts) {
  const names = new Set();
  for (const [, list] of dts.matchAll(/export\s+(?:type\s+)?\{([^}]*)\}/g)) {
    for (const item of list.split(',')) {
      const name = item
        .trim()
        .replace(/^type\s+/, '')
        .split(/\s+as\s+/)
        .pop()
        ?.trim();
      if (name) names.add(name);
    }
  }
  const declared =
    /export\s+(?:declare\s+)?(?:abstract\s+)?(?:const|let|var|function|class|interface|type|enum|namespace)\s+([A-Za-z_$][\w$]*)/g;
  for (const [, name] of dts.matchAll(declared)) names.add(name);
  return names;
}

const values = new Set();
const allNames = new Set();
const rows = [];
for (const entry of entries) {
  const mod = await import(pathToFileURL(join(dist, `${entry}.js`)).href);
  const keys = Object.keys(mod);
  const names = declaredNames(readFileSync(join(dist, `${entry}.d.ts`), 'utf8'));
  for (const key of keys) {
    values.add(key);
    names.add(key);
  }
  for (const name of names) allNames.add(`${name}`);
  rows.push({
    entry: entry === 'index' ? '.' : `./${entry.replace(/\/index$/, '')}`,
    values: keys.length,
    names: names.size,
  });
}
for (const row of rows)
  console.log(
    `${row.entry.padEnd(10)} ${String(row.values).padStart(4)} runtime values ${String(row.names).padStart(4)} names`,
  );
console.log(
  `unique     ${String(values.size).padStart(4)} runtime values ${String(allNames.size).padStart(4)} names (types included)`,
);
