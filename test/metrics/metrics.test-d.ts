import type OpenAI from 'openai';
import type { AzureOpenAI } from 'openai';
import { describe, expectTypeOf, it } from 'vitest';
import type {
  ArchiveClient,
  FindingCode,
  KnownMetricName,
  MetricName,
  Metrics,
  MetricsClient,
  MetricsFinding,
  Series,
  SeriesPoint,
} from '../../src/metrics/index.js';

describe('metrics types', () => {
  it('accepts the openai SDK clients structurally', () => {
    expectTypeOf<OpenAI>().toExtend<MetricsClient>();
    expectTypeOf<OpenAI>().toExtend<ArchiveClient>();
    expectTypeOf<AzureOpenAI>().toExtend<ArchiveClient>();
    // A client without the events endpoint does not fit.
    expectTypeOf<{
      files: OpenAI['files'];
      fineTuning: { jobs: Pick<OpenAI['fineTuning']['jobs'], 'retrieve'> };
    }>().not.toExtend<MetricsClient>();
  });

  it('types series by name, with known names autocompleting and extras allowed', () => {
    expectTypeOf<Metrics['series']>().toBeCallableWith('train_loss');
    expectTypeOf<Metrics['series']>().toBeCallableWith('scores/graders/python/x/train_reward_mean');
    expectTypeOf<ReturnType<Metrics['series']>>().toExtend<Series<string>>();
    expectTypeOf<Series<'train_loss'>[number]>().toEqualTypeOf<SeriesPoint>();
    expectTypeOf<Series<'train_loss'>['name']>().toEqualTypeOf<'train_loss'>();
    expectTypeOf<SeriesPoint>().toEqualTypeOf<{
      readonly step: number;
      readonly value: number;
      readonly epoch: number | null;
    }>();
    expectTypeOf<'train_loss'>().toExtend<KnownMetricName>();
    expectTypeOf<'anything/else'>().toExtend<MetricName>();
  });

  it('narrows findings on their code', () => {
    const findings = [] as MetricsFinding[];
    for (const finding of findings) {
      if (finding.code === 'overfit_ratio')
        expectTypeOf(finding.evidence.band).toEqualTypeOf<'mild' | 'moderate' | 'severe'>();
      if (finding.code === 'token_drift') expectTypeOf(finding.evidence.ratio).toEqualTypeOf<number>();
    }
    expectTypeOf<'reward_hacking'>().toExtend<FindingCode>();
  });
});
