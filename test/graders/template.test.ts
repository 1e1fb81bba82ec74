import { describe, expect, it } from 'vitest';
import { parseTemplateReference, renderTemplate, templateReferences } from '../../src/graders/template.js';

const context = {
  sample: { output_text: 'Paris', output_json: { city: 'Paris', scores: [0.2, 0.9] } },
  item: { reference_answer: 'Paris', country: { name: 'France' }, tags: ['capital', 'europe'], rank: 1 },
};

describe('renderTemplate', () => {
  it('replaces sample and item references, with or without spaces', () => {
    expect(renderTemplate('{{sample.output_text}} / {{ item.reference_answer }}', context)).toEqual({
      ok: true,
      text: 'Paris / Paris',
    });
  });

  it('follows nested paths and array indexes', () => {
    expect(
      renderTemplate('{{item.country.name}} {{item.tags[1]}} {{sample.output_json.scores[1]}}', context),
    ).toEqual({
      ok: true,
      text: 'France europe 0.9',
    });
  });

  it('writes non-strings as JSON', () => {
    expect(renderTemplate('{{item.tags}} {{item.rank}} {{sample.output_json}}', context)).toEqual({
      ok: true,
      text: '["capital","europe"] 1 {"city":"Paris","scores":[0.2,0.9]}',
    });
  });

  it('reports a variable the item does not have instead of rendering nothing', () => {
    expect(renderTemplate('{{item.answer}}', context)).toEqual({
      ok: false,
      expression: 'item.answer',
      message: '{{item.answer}} names nothing in the item',
    });
    expect(renderTemplate('{{item.tags[5]}}', context).ok).toBe(false);
  });

  it('leaves text without templates alone', () => {
    expect(renderTemplate('no {template} here', context)).toEqual({ ok: true, text: 'no {template} here' });
  });
});

describe('parseTemplateReference', () => {
  it('parses namespaces and paths', () => {
    expect(parseTemplateReference(' item.a.b[2]["c d"] ')).toEqual({
      expression: 'item.a.b[2]["c d"]',
      namespace: 'item',
      path: ['a', 'b', 2, 'c d'],
    });
  });

  it('refuses other namespaces, bare namespaces and broken paths', () => {
    expect(parseTemplateReference('data.answer')).toMatchObject({
      message: expect.stringContaining("unknown namespace 'data'"),
    });
    expect(parseTemplateReference('item')).toMatchObject({
      message: expect.stringContaining('names a namespace'),
    });
    expect(parseTemplateReference('item.a[')).toMatchObject({
      message: expect.stringContaining('cannot read the path'),
    });
  });

  it('lists every reference of a text', () => {
    expect(
      templateReferences('{{sample.output_text}} vs {{item.x}}').map((reference) => reference.expression),
    ).toEqual(['sample.output_text', 'item.x']);
  });
});
