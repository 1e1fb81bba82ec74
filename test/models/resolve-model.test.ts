import { describe, expect, it } from 'vitest';
import { UnknownModelError } from '../../src/errors.js';
import {
  encodingForModel,
  MODEL_TABLE,
  modelDeprecationStatus,
  parseFineTunedModelName,
  resolveModel,
  safeResolveModel,
} from '../../src/models/index.js';

describe('resolveModel', () => {
  it('resolves aliases to dated snapshots', () => {
    const model = resolveModel('gpt-4o-mini');
    expect(model.snapshot).toBe('gpt-4o-mini-2024-07-18');
    expect(model.encoding).toBe('o200k_base');
    expect(model.maxTokensPerExample).toBe(65_536);
    expect(model.trainingPricePer1M).toBe(3);
    expect(model.requested).toBe('gpt-4o-mini');
    expect(model.fineTuned).toBeNull();
  });

  it('resolves dated snapshots directly', () => {
    expect(resolveModel('gpt-3.5-turbo-0613').maxTokensPerExample).toBe(4_096);
    expect(resolveModel('gpt-3.5-turbo-0125').encoding).toBe('cl100k_base');
  });

  it('resolves ft: model and checkpoint names to their base', () => {
    const model = resolveModel('ft:gpt-4o-mini-2024-07-18:personal:x:9uJPavMj:ckpt-step-200');
    expect(model.snapshot).toBe('gpt-4o-mini-2024-07-18');
    expect(model.fineTuned).toEqual({
      base: 'gpt-4o-mini-2024-07-18',
      organization: 'personal',
      suffix: 'x',
      id: '9uJPavMj',
      checkpointStep: 200,
    });
    expect(resolveModel('ft:gpt-4.1-2025-04-14:my-org::abc').fineTuned?.suffix).toBe('');
  });

  it('throws UnknownModelError listing the known models, never a silent default', () => {
    expect(() => resolveModel('gpt-9')).toThrow(UnknownModelError);
    try {
      resolveModel('gpt-9');
    } catch (error) {
      expect(UnknownModelError.isInstance(error)).toBe(true);
      expect((error as UnknownModelError).knownModels).toContain('gpt-4o-mini-2024-07-18');
      expect((error as UnknownModelError).message).toContain('gpt-9');
    }
    expect(safeResolveModel('gpt-9')).toBeNull();
  });

  it('lets callers override a field or add a model', () => {
    const models = {
      'gpt-4o-mini-2024-07-18': { trainingPricePer1M: 3.3 },
      'my-azure-model': { encoding: 'o200k_base', maxTokensPerExample: 1000, methods: ['supervised'] },
    } as const;
    expect(resolveModel('gpt-4o-mini', { models }).trainingPricePer1M).toBe(3.3);
    expect(resolveModel('gpt-4o-mini', { models }).maxTokensPerExample).toBe(65_536);
    expect(resolveModel('my-azure-model', { models }).maxTokensPerExample).toBe(1000);
    expect(() => resolveModel('x', { models: { x: { trainingPricePer1M: 1 } } })).toThrow(
      expect.objectContaining({
        name: 'FinetuneKitUsageError',
        option: 'options.models.x',
        message:
          'options.models.x is a new model and needs encoding, maxTokensPerExample, methods (no built-in entry to inherit them from).',
      }),
    );
  });

  it('every table entry names a valid encoding and positive limit', () => {
    for (const [snapshot, entry] of Object.entries(MODEL_TABLE)) {
      expect(entry.snapshot).toBe(snapshot);
      expect(['o200k_base', 'cl100k_base']).toContain(entry.encoding);
      expect(entry.maxTokensPerExample).toBeGreaterThan(0);
    }
  });
});

describe('parseFineTunedModelName', () => {
  it('rejects names that are not ft: names', () => {
    expect(parseFineTunedModelName('gpt-4o')).toBeNull();
    expect(parseFineTunedModelName('ft:gpt-4o')).toBeNull();
    expect(parseFineTunedModelName('ft:a:b:c:d:ckpt-x')).toBeNull();
  });
});

describe('encodingForModel', () => {
  it('uses the longest prefix, so ft:gpt-4.1 is o200k_base (python tiktoken says cl100k)', () => {
    expect(encodingForModel('ft:gpt-4.1-2099-01-01:org:s:id')).toBe('o200k_base');
    expect(encodingForModel('gpt-4o-2099-01-01')).toBe('o200k_base');
    expect(encodingForModel('gpt-4-32k')).toBe('cl100k_base');
    expect(encodingForModel('davinci-002')).toBe('cl100k_base');
    expect(encodingForModel('llama-3')).toBeNull();
  });
});

describe('modelDeprecationStatus', () => {
  const mini = resolveModel('gpt-4o-mini');
  it('counts days to the cut-off and keeps the cut-off day itself open', () => {
    const status = modelDeprecationStatus(mini, new Date('2026-11-26T12:00:00Z'));
    expect(status.daysUntilJobCreationEnds).toBe(41);
    expect(status.jobCreationEnded).toBe(false);
    expect(modelDeprecationStatus(mini, new Date('2027-01-06T23:00:00Z')).jobCreationEnded).toBe(false);
    expect(modelDeprecationStatus(mini, new Date('2027-01-07T00:00:00Z')).jobCreationEnded).toBe(true);
  });
  it('reports shut-down models', () => {
    expect(modelDeprecationStatus(resolveModel('gpt-3.5-turbo'), new Date('2026-11-26')).shutDown).toBe(true);
  });
});
