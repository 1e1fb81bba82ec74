import { describe, expect, it } from 'vitest';
import { epochOfStep, epochRanges, inferEpochs } from '../../src/metrics/infer-epochs.js';

const base = {
  totalSteps: null,
  nEpochs: null,
  method: null,
  lastStep: null,
  fullValidSteps: [],
  checkpointSteps: [],
} as const;

describe('inferEpochs', () => {
  it('uses total_steps / n_epochs and finds no mismatch when full-valid and checkpoint steps agree', () => {
    const result = inferEpochs({
      ...base,
      totalSteps: 300,
      nEpochs: 3,
      lastStep: 300,
      fullValidSteps: [100, 200, 300],
      checkpointSteps: [100, 200, 300],
    });
    expect(result).toEqual({ stepsPerEpoch: 100, nEpochs: 3, source: 'hyperparameters', issues: [] });
  });

  it('reports full-valid steps that are not epoch ends', () => {
    const result = inferEpochs({ ...base, totalSteps: 300, nEpochs: 3, fullValidSteps: [100, 150] });
    expect(result.issues).toHaveLength(1);
    expect(result.issues[0]).toMatchObject({ code: 'epoch_inference_mismatch', step: 150 });
    expect(result.issues[0]?.message).toContain('100 steps per epoch');
  });

  it('tolerates off-by-one epoch ends when steps per epoch is fractional', () => {
    const result = inferEpochs({ ...base, totalSteps: 1000, nEpochs: 3, fullValidSteps: [333, 667, 1000] });
    expect(result.stepsPerEpoch).toBeCloseTo(333.33, 2);
    expect(result.issues).toEqual([]);
  });

  it('infers from full-valid steps when n_epochs is unknown (DPO jobs have hyperparameters: null)', () => {
    expect(
      inferEpochs({ ...base, totalSteps: 90, lastStep: 90, fullValidSteps: [30, 60, 90] }),
    ).toMatchObject({
      stepsPerEpoch: 30,
      nEpochs: 3,
      source: 'full_valid',
    });
    // One full-valid point (a job that failed in epoch 2) still works with total_steps.
    expect(inferEpochs({ ...base, totalSteps: 90, lastStep: 45, fullValidSteps: [30] })).toMatchObject({
      stepsPerEpoch: 30,
      nEpochs: 3,
    });
  });

  it('infers from supervised checkpoint steps when nothing else is known', () => {
    expect(inferEpochs({ ...base, lastStep: 500, checkpointSteps: [300, 400, 500] })).toMatchObject({
      stepsPerEpoch: 100,
      nEpochs: 5,
      source: 'checkpoints',
    });
  });

  it('never uses reinforcement validation or checkpoint steps as epoch ends', () => {
    expect(
      inferEpochs({
        ...base,
        method: 'reinforcement',
        lastStep: 20,
        fullValidSteps: [5, 10],
        checkpointSteps: [5, 10, 15],
      }),
    ).toEqual({
      stepsPerEpoch: null,
      nEpochs: null,
      source: null,
      issues: [],
    });
    expect(
      inferEpochs({ ...base, method: 'reinforcement', totalSteps: 20, nEpochs: 2, checkpointSteps: [5, 15] })
        .issues,
    ).toEqual([]);
  });

  it('gives up when steps do not line up', () => {
    expect(inferEpochs({ ...base, lastStep: 50, fullValidSteps: [10, 25, 27] }).source).toBeNull();
  });
});

describe('epochOfStep and epochRanges', () => {
  it('puts epoch-end steps in their epoch and clamps to n_epochs', () => {
    expect([1, 100, 101, 300, 301].map((step) => epochOfStep(step, 100, 3))).toEqual([1, 1, 2, 3, 3]);
    expect(epochOfStep(5, null, 3)).toBeNull();
    expect([666, 667].map((step) => epochOfStep(step, 1000 / 3, 3))).toEqual([2, 3]);
  });

  it('lists step ranges and completeness', () => {
    expect(epochRanges(100, 3, 250)).toEqual([
      { epoch: 1, startStep: 1, endStep: 100, complete: true },
      { epoch: 2, startStep: 101, endStep: 200, complete: true },
      { epoch: 3, startStep: 201, endStep: 300, complete: false },
    ]);
    expect(epochRanges(1000 / 3, 3, 1000).map((epoch) => [epoch.startStep, epoch.endStep])).toEqual([
      [1, 333],
      [334, 666],
      [667, 1000],
    ]);
    expect(epochRanges(null, 3, 10)).toEqual([]);
  });
});
