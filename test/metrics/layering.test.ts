import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { importGraph } from '../helpers/import-graph.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../src');

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
