import { describe, expect, it } from 'vitest';
import { Dataset } from '../../src/dataset/index.js';
import { detectKernel, type MimeBundle, mimeBundleOf } from '../../src/internal/jupyter-kernel.js';
import { showValue, textOf } from '../../src/internal/notebook-display.js';
import { Metrics } from '../../src/metrics/index.js';

const chat = (n: number) =>
  JSON.stringify({
    messages: [
      { role: 'user', content: `Question ${n}?` },
      { role: 'assistant', content: `Answer ${n}.` },
    ],
  });

function metricsEvents(): Metrics {
  const events = [1, 2, 3, 4].map((step) => ({
    id: `ftevent-${step}`,
    created_at: 1_700_000_000 + step,
    level: 'info',
    type: 'metrics',
    message: `Step ${step}/4: training loss=${(2 / step).toFixed(2)}`,
    data: { step, total_steps: 4, train_loss: 2 / step },
  }));
  return Metrics.from({ events });
}

/** A fake Deno kernel: records every `Deno.jupyter.display` call. */
function fakeDeno() {
  const calls: { bundle: MimeBundle; options: Record<string, unknown> }[] = [];
  const scope = {
    Deno: {
      jupyter: {
        display: async (bundle: MimeBundle, options: Record<string, unknown>) => {
          calls.push({ bundle, options });
        },
      },
    },
  };
  return { scope, calls };
}

/** A fake tslab kernel: `__tslab__.require('tslab')` as the kernel installs it for its cells. */
function fakeTslab() {
  const sent: { id: string | null; type: string; data: string }[] = [];
  let ids = 0;
  const displayFor = (id: string | null) => ({
    raw: (type: string, data: string) => {
      sent.push({ id, type, data });
    },
  });
  const tslab = { display: displayFor(null), newDisplay: () => displayFor(`d${++ids}`) };
  const scope = {
    __tslab__: {
      require: (id: string) => {
        if (id !== 'tslab') throw new Error(`Cannot find module '${id}'`);
        return tslab;
      },
    },
  };
  return { scope, sent };
}

/** A fake ijavascript `$$`. */
function fakeNel() {
  const sent: { id: string | undefined; bundle: MimeBundle }[] = [];
  const scope = {
    $$: {
      mime: () => undefined,
      display: (id?: string) => ({ mime: (bundle: MimeBundle) => sent.push({ id, bundle }) }),
    },
  };
  return { scope, sent };
}

describe('detectKernel', () => {
  it('finds no kernel in plain Node, nor in a Deno without its Jupyter API', () => {
    expect(detectKernel()).toBeNull();
    expect(detectKernel({ Deno: { version: { deno: '2.9.6' } } })).toBeNull();
    expect(
      detectKernel({
        Deno: {
          get jupyter() {
            throw new Error('unstable API');
          },
        },
      }),
    ).toBeNull();
  });

  it('ignores a __tslab__ whose require cannot load tslab, and a $$ without display', () => {
    expect(detectKernel({ __tslab__: { require: () => ({}) } })).toBeNull();
    expect(
      detectKernel({
        __tslab__: {
          require: () => {
            throw new Error('no');
          },
        },
      }),
    ).toBeNull();
    expect(detectKernel({ $$: { mime: () => undefined } })).toBeNull();
  });

  it('shows and updates in place through Deno.jupyter.display with raw bundles and one display id', async () => {
    const { scope, calls } = fakeDeno();
    const kernel = detectKernel(scope);
    expect(kernel?.name).toBe('deno');
    await kernel?.show({ 'text/plain': 'once' });
    const handle = await kernel?.open({ 'text/plain': 'first' });
    await handle?.update({ 'text/plain': 'second' });
    expect(calls[0]).toEqual({ bundle: { 'text/plain': 'once' }, options: { raw: true } });
    const id = calls[1]?.options.display_id;
    expect(id).toMatch(/^finetune-kit-/);
    expect(calls[1]?.options.update).toBeUndefined();
    expect(calls[2]).toEqual({
      bundle: { 'text/plain': 'second' },
      options: { raw: true, display_id: id, update: true },
    });
  });

  it('sends tslab the richest single type (HTML, then SVG, then text) and updates through newDisplay', async () => {
    const { scope, sent } = fakeTslab();
    const kernel = detectKernel(scope);
    expect(kernel?.name).toBe('tslab');
    await kernel?.show({
      'text/plain': 'chart',
      'image/svg+xml': '<svg/>',
      'application/vnd.vegalite.v5+json': {},
    });
    const handle = await kernel?.open({ 'text/html': '<b>1</b>', 'text/plain': '1' });
    await handle?.update({ 'text/html': '<b>2</b>', 'text/plain': '2' });
    expect(sent).toEqual([
      { id: null, type: 'image/svg+xml', data: '<svg/>' },
      { id: 'd1', type: 'text/html', data: '<b>1</b>' },
      { id: 'd1', type: 'text/html', data: '<b>2</b>' },
    ]);
  });

  it("uses ijavascript's $$.display: no id for a one-off output, one id for an updated one", async () => {
    const { scope, sent } = fakeNel();
    const kernel = detectKernel(scope);
    expect(kernel?.name).toBe('ijavascript');
    await kernel?.show({ 'text/plain': 'once' });
    const handle = await kernel?.open({ 'text/plain': 'a' });
    await handle?.update({ 'text/plain': 'b' });
    expect(sent[0]).toEqual({ id: undefined, bundle: { 'text/plain': 'once' } });
    expect(sent[1]?.id).toMatch(/^finetune-kit-/);
    expect(sent[2]).toEqual({ id: sent[1]?.id, bundle: { 'text/plain': 'b' } });
  });

  it('prefers Deno when several kernels seem present (a Deno kernel never has the others)', () => {
    expect(detectKernel({ ...fakeNel().scope, ...fakeDeno().scope })?.name).toBe('deno');
  });
});

describe('display', () => {
  it('shows a dataset report as its HTML tables and Metrics as the chart bundle', async () => {
    const report = await Dataset.fromString([chat(1), chat(2)].join('\n')).validate({ model: 'gpt-4o-mini' });
    const { scope, calls } = fakeDeno();
    const kernel = detectKernel(scope);
    await showValue(report, kernel);
    await showValue(metricsEvents(), kernel);
    expect(Object.keys(calls[0]?.bundle ?? {})).toEqual(['text/html', 'text/plain']);
    expect(calls[0]?.bundle['text/html']).toContain('<table');
    expect(Object.keys(calls[1]?.bundle ?? {})).toEqual([
      'application/vnd.vegalite.v5+json',
      'image/svg+xml',
      'text/plain',
    ]);
  });

  it('shows tslab the report as text/html and the metrics as image/svg+xml', async () => {
    const report = await Dataset.fromString(chat(1)).validate({ model: 'gpt-4o-mini' });
    const { scope, sent } = fakeTslab();
    await showValue(report, detectKernel(scope));
    await showValue(metricsEvents(), detectKernel(scope));
    expect(sent.map((entry) => entry.type)).toEqual(['text/html', 'image/svg+xml']);
    expect(sent[1]?.data.startsWith('<svg')).toBe(true);
  });

  it('prints the text form without a kernel, and plain values as text or JSON', async () => {
    const lines: string[] = [];
    const log = (line: string) => lines.push(line);
    const report = await Dataset.fromString(chat(1)).validate({ model: 'gpt-4o-mini' });
    await showValue(report, null, log);
    await showValue('hello', null, log);
    await showValue({ a: 1 }, null, log);
    await showValue(42n, null, log);
    expect(lines[0]).toMatch(/^Training file: \(unnamed\) {2}✗ 1 error/);
    expect(lines.slice(1)).toEqual(['hello', '{\n  "a": 1\n}', '42']);
  });

  it('gives a value without a display method no bundle, and reads a text-less bundle honestly', async () => {
    expect(await mimeBundleOf({ a: 1 })).toBeNull();
    expect(await mimeBundleOf({ [Symbol.for('Jupyter.display')]: () => 'not a bundle' })).toBeNull();
    expect(textOf({ 'image/svg+xml': '<svg/>' })).toBe('(no text form; the output has image/svg+xml)');
  });
});

describe('objects rendering themselves in ijavascript', () => {
  it("gives ijavascript's _toMime() the same bundle as Symbol.for('Jupyter.display'), not enumerable on reports", async () => {
    const report = await Dataset.fromString(chat(1)).validate({ model: 'gpt-4o-mini' });
    const toMime = (report as unknown as { _toMime(): MimeBundle })._toMime();
    expect(toMime).toEqual(await mimeBundleOf(report));
    expect(Object.keys(report)).not.toContain('_toMime');
    const metrics = metricsEvents();
    expect(Object.keys(metrics._toMime())).toEqual([
      'application/vnd.vegalite.v5+json',
      'image/svg+xml',
      'text/plain',
    ]);
  });
});
