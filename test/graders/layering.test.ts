import { readdirSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const folder = resolve(dirname(fileURLToPath(import.meta.url)), '../../src/graders');

describe('the graders layer (docs/architecture.md)', () => {
  it('imports only models, internal and errors: no Node built-ins, no openai, no other layer', () => {
    const files = readdirSync(folder).filter((name) => name.endsWith('.ts'));
    expect(files).toContain('grade.ts');
    for (const name of files) {
      const source = readFileSync(resolve(folder, name), 'utf8');
      const specifiers = [...source.matchAll(/(?:from\s+|import\(\s*)'([^']+)'/g)].map(
        (match) => match[1] as string,
      );
      for (const specifier of specifiers) {
        expect(specifier, `${name} imports ${specifier}`).toMatch(
          /^\.\/[a-z-]+\.js$|^\.\.\/(internal\/[a-z-]+|errors|models\/[a-z-]+)\.js$/,
        );
      }
    }
  });
});
