import { describe, expect, it } from 'vitest';
import { MARK, markOptionalPeerImports } from '../../scripts/optional-peer-types.js';

// The shape tsup gives the bundled declarations of `finetune-kit/testing`.
const declarations = [
  "export { m as md5Hex } from '../md5-DnzvjLH1.js';",
  "import { HttpHandler } from 'msw';",
  "import { OpenAI } from 'openai';",
  '',
  'declare class FineTuningSimulator {',
  '    handlers(): Promise<HttpHandler[]>;',
  '}',
].join('\n');

describe('markOptionalPeerImports', () => {
  it('puts @ts-ignore on the line before each msw import and nowhere else', () => {
    const { text, marked } = markOptionalPeerImports(declarations);
    const lines = text.split('\n');
    expect(marked).toBe(1);
    expect(lines.indexOf(MARK)).toBe(lines.indexOf("import { HttpHandler } from 'msw';") - 1);
    expect(lines.filter((line) => line === MARK)).toHaveLength(1);
    // openai's types are required, so its import stays unmarked.
    expect(lines[lines.indexOf("import { OpenAI } from 'openai';") - 1]).not.toBe(MARK);
    expect(MARK.startsWith('// @ts-ignore')).toBe(true);
  });

  it('marks subpath imports and re-exports, and only once when run again', () => {
    const source =
      "import { setupServer } from 'msw/node';\nexport { http } from \"msw\";\nimport * as x from 'mswx';";
    const once = markOptionalPeerImports(source);
    expect(once.marked).toBe(2);
    expect(once.text.split('\n')).toEqual([
      MARK,
      "import { setupServer } from 'msw/node';",
      MARK,
      'export { http } from "msw";',
      "import * as x from 'mswx';",
    ]);
    expect(markOptionalPeerImports(once.text)).toEqual({ text: once.text, marked: 0 });
  });

  it('refuses an inline import() type, which one comment line cannot cover', () => {
    expect(() =>
      markOptionalPeerImports("type H = Promise<import('msw').HttpHandler[]>;", 'dist/testing/index.d.ts'),
    ).toThrow(
      "dist/testing/index.d.ts:1: inline import() of an optional peer; cannot mark it: type H = Promise<import('msw').HttpHandler[]>;",
    );
  });
});
