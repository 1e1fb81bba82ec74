import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../src');

interface ImportEdge {
  readonly from: string;
  readonly specifier: string;
  readonly typeOnly: boolean;
  readonly dynamic: boolean;
}

/** Every import of every module reachable from `entry` through value (non-type) imports. */
function importGraph(entry: string): { modules: string[]; edges: ImportEdge[] } {
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

describe('finetune-kit/evaluate layering', () => {
  const { modules, edges } = importGraph(resolve(root, 'evaluate/index.ts'));
  const valueEdges = edges.filter((edge) => !edge.typeOnly);

  it('loads no openai runtime and reads data through the dataset layer only lazily', () => {
    expect(modules.length).toBeGreaterThan(10);
    for (const edge of valueEdges) {
      expect(edge.specifier, `${edge.from} imports ${edge.specifier}`).not.toMatch(/^openai/);
      if (/\/dataset\//.test(edge.specifier))
        expect(edge.dynamic, `${edge.from} imports ${edge.specifier}`).toBe(true);
    }
    expect(modules.some((module) => module.includes('/dataset/'))).toBe(false);
  });

  it('imports no Node built-in statically (the file cache takes them from process.getBuiltinModule)', () => {
    for (const edge of valueEdges.filter((edge) => edge.specifier.startsWith('node:')))
      expect(edge.dynamic, `${edge.from} imports ${edge.specifier} statically`).toBe(true);
    expect(readFileSync(resolve(root, 'evaluate/answer-cache.ts'), 'utf8')).toContain(
      "await import('./file-answer-cache.js')",
    );
  });
});
