/**
 * The end-of-job picture: the loss chart, the diagnostics and the best checkpoint, as `metrics`
 * and `run` print them.
 *
 * @module
 */
import type { BestCheckpointResult, Metrics, MetricsFinding } from '../../metrics/index.js';
import type { Colors } from '../ui/colors.js';
import { formatDecimal } from '../ui/format.js';

/** Options of {@link renderMetricsSummary}. */
export interface MetricsSummaryOptions {
  /** Terminal width, to size the chart. */
  readonly columns: number;
  /** Braille dots (terminals) or plain ASCII (logs, CI). */
  readonly ascii: boolean;
  /** Chart height in rows. @default 12 */
  readonly height?: number;
}

/** Sizes a terminal chart to the width available (its axis and margin take about 8 columns). */
export function chartWidth(columns: number): number {
  return Math.max(20, Math.min(72, columns - 10));
}

/**
 * Renders the chart, the diagnostics and the best checkpoint.
 *
 * @param metrics - The job's metrics.
 * @param colors - Styles (the chart is coloured when they are).
 * @param options - Width and character set.
 * @returns Lines.
 */
export function renderMetricsSummary(
  metrics: Metrics,
  colors: Colors,
  options: MetricsSummaryOptions,
): string[] {
  const chart = metrics.toTerminalChart({
    width: chartWidth(options.columns),
    height: options.height ?? 12,
    ascii: options.ascii,
    color: colors.enabled,
  });
  return [
    ...chart.split('\n'),
    '',
    ...renderFindings(metrics.diagnose(), colors),
    '',
    ...renderBestCheckpoint(metrics.bestCheckpoint(), colors),
  ];
}

/** Diagnostics, worst first, each with what to do. */
export function renderFindings(findings: readonly MetricsFinding[], colors: Colors): string[] {
  if (findings.length === 0) return [`${colors.bold('Diagnostics')}  ${colors.success('✓ nothing unusual')}`];
  const order = { error: 0, warning: 1, info: 2 } as const;
  const sorted = [...findings].sort((a, b) => order[a.severity] - order[b.severity]);
  const lines = [colors.bold('Diagnostics')];
  for (const finding of sorted) {
    const mark =
      finding.severity === 'error'
        ? colors.error('✗')
        : finding.severity === 'warning'
          ? colors.warning('!')
          : colors.info('i');
    lines.push(`  ${mark} ${colors.bold(finding.code)}  ${finding.message}`);
    lines.push(`    ${colors.muted(`→ ${finding.suggestion}`)}`);
  }
  return lines;
}

/** The checkpoint to use, why, and the ranking. */
export function renderBestCheckpoint(result: BestCheckpointResult, colors: Colors): string[] {
  const lines = [colors.bold('Best checkpoint')];
  if (!result.best) return [...lines, colors.muted('  The job kept no checkpoints.')];
  const criterion = result.criterion ?? 'value';
  for (const ranked of result.ranked) {
    const value = ranked.value === null ? '—' : formatDecimal(ranked.value, 4);
    const label = `step ${ranked.step}${ranked.epoch === null ? '' : ` (epoch ${ranked.epoch})`}`;
    const line = `  ${ranked.rank === 1 ? colors.success('★') : ' '} ${label.padEnd(18)} ${criterion} ${value.padEnd(7)} ${
      ranked.model ?? colors.muted('(no model id)')
    }${ranked.isFinal ? colors.muted(' (final model)') : ''}`;
    lines.push(ranked.rank === 1 ? colors.bold(line) : line);
  }
  for (const note of result.notes) lines.push(colors.muted(`  ${note}`));
  return lines;
}
