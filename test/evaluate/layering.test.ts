import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { importGraph } from '../helpers/import-graph.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../src');

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
