import { describe, expect, it } from 'vitest';
import * as dataset from '../src/dataset/index.js';
import * as evaluate from '../src/evaluate/index.js';
import * as root from '../src/index.js';
import * as job from '../src/job/index.js';
import * as metrics from '../src/metrics/index.js';
import * as testing from '../src/testing/index.js';

const entries = {
  'finetune-kit': root,
  'finetune-kit/dataset': dataset,
  'finetune-kit/job': job,
  'finetune-kit/metrics': metrics,
  'finetune-kit/testing': testing,
  'finetune-kit/evaluate': evaluate,
};

/** Every runtime value any entry exports, once. */
const allValues = new Set(Object.values(entries).flatMap((entry) => Object.keys(entry)));

describe('the public surface', () => {
  it('stays within 100 runtime values over the six entries', () => {
    expect(allValues.size).toBeGreaterThan(50);
    expect(allValues.size).toBeLessThanOrEqual(100);
  });

  it('exports no plumbing from any entry', () => {
    const plumbing = [
      'Md5',
      'md5Hex',
      'describeError',
      'errorHeader',
      'errorStatus',
      'backoffDelay',
      'normalizeJob',
      'normalizeEvent',
      'normalizeCheckpoint',
      'normalizeJobError',
      'formatPythonFloat',
      'escapeXml',
      'niceTicks',
      'outlierRange',
      'isFinetuneKitErrorNamed',
      'sleep',
      'systemClock',
      'EventTail',
      'hashText',
      'hashCanonicalJson',
      'locateJsonError',
      'stableHash',
      'answerCacheKey',
      'bootstrapMean',
      'quantileSorted',
    ];
    for (const [name, entry] of Object.entries(entries))
      for (const value of plumbing)
        expect(Object.keys(entry), `${name} exports ${value}`).not.toContain(value);
  });

  it('gives the root what a user reaches for first', () => {
    const first = [
      'Dataset',
      'FineTuneJob',
      'Metrics',
      'uploadTrainingFile',
      'FinetuneKitError',
      'FinetuneKitApiError',
      'DatasetError',
      'UploadError',
      'JobFailedError',
      'formatIssue',
      'estimateCost',
      'display',
      'watchInNotebook',
      'archiveAll',
      'archiveJob',
      'resolveModel',
      'evaluate',
      'evaluateJob',
    ];
    expect(Object.keys(root)).toEqual(expect.arrayContaining(first));
    expect(Object.keys(root).length).toBeLessThanOrEqual(40);
  });

  it('gives finetune-kit/evaluate its whole API and the root the two entry points', () => {
    expect(Object.keys(evaluate).sort()).toEqual(['EvaluationResult', 'evaluate', 'evaluateJob']);
    expect(root.evaluate).toBe(evaluate.evaluate);
    expect(root.evaluateJob).toBe(evaluate.evaluateJob);
  });

  it('keeps the test tooling off the root', () => {
    for (const name of Object.keys(testing).filter((value) => value !== 'display'))
      expect(Object.keys(root), name).not.toContain(name);
  });
});
