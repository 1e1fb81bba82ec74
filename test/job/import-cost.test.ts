import { expect, it } from 'vitest';
import { resolvedUrls, runLoggingResolves } from '../helpers/resolved-modules.js';

it('importing finetune-kit/job loads neither openai’s runtime, nor the dataset layer, nor a tokenizer, nor all of metrics', async () => {
  const loaded = resolvedUrls(await runLoggingResolves(["await import('./src/job/index.ts');"]));
  expect(loaded.some((url) => url.endsWith('/src/job/index.ts'))).toBe(true);
  expect(loaded.some((url) => url.includes('/node_modules/eventemitter3/'))).toBe(true);
  expect(loaded.filter((url) => /\/node_modules\/(openai|gpt-tokenizer|tiktoken|msw)\//.test(url))).toEqual(
    [],
  );
  expect(loaded.filter((url) => /\/src\/(dataset|testing)\//.test(url))).toEqual([]);
  // Only the metrics layer's event parser and result-file decoder (shared so that a watcher and
  // `Metrics` agree) and the billed-cost arithmetic (shared with archives), no charts or archives.
  const metricsModules = loaded
    .filter((url) => url.includes('/src/metrics/'))
    .map((url) => url.replace(/^.*\/src\/metrics\//, ''));
  expect([...new Set(metricsModules)].sort()).toEqual([
    'billed-cost.ts',
    'canonicalize-record.ts',
    'decode-result-file.ts',
    'flatten-metrics-data.ts',
    'issue-codes.ts',
    'metric-names.ts',
    'metric-record.ts',
    'metrics-format-error.ts',
    'parse-metrics-event.ts',
    'parse-step-message.ts',
    'read-bounded-body.ts',
  ]);
}, 30_000);
