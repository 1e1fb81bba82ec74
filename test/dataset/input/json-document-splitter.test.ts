import { describe, expect, it } from 'vitest';
import {
  type JsonDocumentElement,
  JsonDocumentSplitter,
  looksLikeJsonDocument,
} from '../../../src/dataset/input/json-document-splitter.js';

function splitDocument(text: string) {
  const splitter = new JsonDocumentSplitter();
  const elements: JsonDocumentElement[] = [];
  text.split('\n').forEach((line, index) => {
    elements.push(...splitter.push(line, index + 1));
  });
  const end = splitter.end();
  return { elements: [...elements, ...end.elements], unclosedArrayLine: end.unclosedArrayLine };
}

describe('looksLikeJsonDocument', () => {
  it('detects a JSON array or a lone opening brace, not a JSONL line', () => {
    expect(looksLikeJsonDocument('[{"messages": []}]')).toBe(true);
    expect(looksLikeJsonDocument('  [')).toBe(true);
    expect(looksLikeJsonDocument('{')).toBe(true);
    expect(looksLikeJsonDocument('{"messages": []}')).toBe(false);
    expect(looksLikeJsonDocument('{"messages": [')).toBe(false);
  });
});

describe('JsonDocumentSplitter', () => {
  it('splits a pretty-printed array into elements with their first line', () => {
    const text = JSON.stringify(
      [{ messages: [{ role: 'user', content: 'a]{"' }] }, { prompt: 'p', completion: 'c' }],
      null,
      2,
    );
    const { elements, unclosedArrayLine } = splitDocument(text);
    expect(unclosedArrayLine).toBeNull();
    expect(elements.map((element) => element.line)).toEqual([2, 10]);
    expect(elements.map((element) => JSON.parse(element.text))).toEqual([
      { messages: [{ role: 'user', content: 'a]{"' }] },
      { prompt: 'p', completion: 'c' },
    ]);
  });

  it('splits a one-line array, scalars included', () => {
    const { elements } = splitDocument('[{"a":1}, 2 , "x,]" ,[3]]');
    expect(elements).toEqual([
      { line: 1, text: '{"a":1}' },
      { line: 1, text: '2' },
      { line: 1, text: '"x,]"' },
      { line: 1, text: '[3]' },
    ]);
  });

  it('splits pretty-printed objects that follow each other (jq output)', () => {
    const { elements } = splitDocument('{\n  "a": 1\n}\n{\n  "a": 2\n}\n');
    expect(elements.map((element) => [element.line, JSON.parse(element.text)])).toEqual([
      [1, { a: 1 }],
      [4, { a: 2 }],
    ]);
  });

  it('returns an unfinished element and the line of an unclosed array', () => {
    const { elements, unclosedArrayLine } = splitDocument('[\n  {"a": 1},\n  {"a": ');
    expect(unclosedArrayLine).toBe(1);
    expect(elements).toEqual([
      { line: 2, text: '{"a": 1}' },
      { line: 3, text: '{"a":' },
    ]);
  });

  it('ignores escaped quotes and brackets inside strings', () => {
    const { elements } = splitDocument('[{"t": "say \\"}]\\" ok"}, {"t": "\\\\"}]');
    expect(elements.map((element) => JSON.parse(element.text))).toEqual([{ t: 'say "}]" ok' }, { t: '\\' }]);
  });
});
