/**
 * The import graph of a source entry, read as text: every import of every module reachable from
 * it through value (non-type) imports. The layering tests use it to prove what an entry loads.
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/** One import statement: who imports what, and whether it is type-only or dynamic. */
export interface ImportEdge {
  readonly from: string;
  readonly specifier: string;
  readonly typeOnly: boolean;
  readonly dynamic: boolean;
}

/** Every import of every module reachable from `entry` through value (non-type) imports. */
export function importGraph(entry: string): { modules: string[]; edges: ImportEdge[] } {
  const seen = new Set<string>();
  const edges: ImportEdge[] = [];
  const visit = (file: string): void => {
    if (seen.has(file)) return;
    seen.add(file);
    const source = readFileSync(file, 'utf8');
    const staticImports = source.matchAll(/^\s*(import|export)\s+(type\s+)?[^'";]*?from\s+'([^']+)'/gm);
    for (const match of staticImports) {
      // `import type {…}`, or braces whose every name is marked `type`.
      const names = /\{([^}]*)\}/
        .exec(match[0])?.[1]
        ?.split(',')
        .map((name) => name.trim())
        .filter(Boolean);
      const typeOnly = match[2] !== undefined || names?.every((name) => name.startsWith('type ')) === true;
      edges.push({ from: file, specifier: match[3] as string, typeOnly, dynamic: false });
      if (!typeOnly && (match[3] as string).startsWith('.'))
        visit(resolve(dirname(file), (match[3] as string).replace(/\.js$/, '.ts')));
    }
    for (const match of source.matchAll(/import\(\s*'([^']+)'\s*\)/g)) {
      edges.push({ from: file, specifier: match[1] as string, typeOnly: false, dynamic: true });
    }
  };
  visit(entry);
  return { modules: [...seen], edges };
}
