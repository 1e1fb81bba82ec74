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

describe('finetune-kit/metrics layering', () => {
  const { modules, edges } = importGraph(resolve(root, 'metrics/index.ts'));
  const valueEdges = edges.filter((edge) => !edge.typeOnly);

  it('loads no openai runtime, no tokenizer and nothing from the dataset layer', () => {
    expect(modules.length).toBeGreaterThan(20);
    expect(valueEdges.some((edge) => edge.specifier === '../models/index.js')).toBe(true);
    for (const edge of valueEdges) {
      expect(edge.specifier, `${edge.from} imports ${edge.specifier}`).not.toMatch(
        /^openai|gpt-tokenizer|tiktoken|\/dataset\//,
      );
    }
    expect(modules.some((module) => module.includes('/dataset/'))).toBe(false);
  });

  it('imports Node built-ins only dynamically, and only in the archive module', () => {
    const node = valueEdges.filter((edge) => edge.specifier.startsWith('node:'));
    expect(node.length).toBeGreaterThan(0);
    for (const edge of node) {
      expect(edge.dynamic, `${edge.from} imports ${edge.specifier} statically`).toBe(true);
      expect(edge.from.endsWith('metrics/archive-node.ts')).toBe(true);
    }
  });
});
