/**
 * A Vega-Lite v5 specification of the metrics: one panel per metric kind (loss, token accuracy or
 * reward), raw and smoothed lines, full-validation points, dashed epoch rules and checkpoint
 * markers. Jupyter front-ends render it natively (`application/vnd.vegalite.v5+json`).
 *
 * @module
 */
import { buildChartModel, type ChartModel, type ChartOptions } from './chart-model.js';
import type { MetricsData } from './metrics-data.js';

/** Options of `metrics.toVegaLite()`. */
export interface VegaLiteOptions extends ChartOptions {
  /** Width of each panel in pixels. @default 640 */
  readonly width?: number;
  /** Height of each panel in pixels. @default 220 */
  readonly height?: number;
}

/** A Vega-Lite specification (plain JSON). */
export type VegaLiteSpec = Record<string, unknown>;

/** The Vega-Lite v5 schema URL. */
export const VEGA_LITE_SCHEMA = 'https://vega.github.io/schema/vega-lite/v5.json';

function round(value: number): number {
  return Number(value.toPrecision(10));
}

/**
 * Builds the Vega-Lite spec.
 *
 * @param data - Merged metrics.
 * @param options - See {@link VegaLiteOptions}.
 * @returns A self-contained spec with inline data.
 */
export function toVegaLiteSpec(data: MetricsData, options: VegaLiteOptions = {}): VegaLiteSpec {
  const model = buildChartModel(data, options);
  return specFromModel(model, options.width ?? 640, options.height ?? 220);
}

function specFromModel(model: ChartModel, width: number, height: number): VegaLiteSpec {
  const values: Record<string, unknown>[] = [];
  const labels: string[] = [];
  const colors: string[] = [];
  for (const panel of model.panels) {
    for (const series of panel.series) {
      if (!labels.includes(series.label)) {
        labels.push(series.label);
        colors.push(series.color);
      }
      // A series of one or two points would be an invisible line: it is drawn as points as well.
      const sparse = series.raw.length < 3;
      const push = (
        kind: 'raw' | 'smoothed',
        points: readonly { step: number; value: number; epoch: number | null }[],
      ) => {
        for (const point of points) {
          values.push({
            panel: panel.id,
            metric: series.metric,
            label: series.label,
            role: series.role,
            sparse,
            kind,
            step: point.step,
            epoch: point.epoch,
            value: round(point.value),
          });
        }
      };
      push('raw', series.raw);
      if (series.smoothed) push('smoothed', series.smoothed);
    }
  }
  const x = {
    field: 'step',
    type: 'quantitative',
    title: 'step',
    scale: { domain: [...model.xDomain], nice: false },
  };
  const color = { field: 'label', type: 'nominal', title: null, scale: { domain: labels, range: colors } };
  const tooltip = [
    { field: 'label', type: 'nominal', title: 'series' },
    { field: 'metric', type: 'nominal' },
    { field: 'step', type: 'quantitative' },
    { field: 'epoch', type: 'quantitative' },
    { field: 'value', type: 'quantitative', format: '.5~g' },
  ];
  const panels = model.panels.map((panel) => {
    const smoothedRoles = new Set(
      panel.series.filter((series) => series.smoothed).map((series) => series.label),
    );
    // Each data layer filters its panel itself: layers with their own data (rules, checkpoints) must
    // not inherit a parent transform on fields they do not have.
    const inPanel = { filter: { field: 'panel', equal: panel.id } };
    const layers: Record<string, unknown>[] = [
      {
        transform: [inPanel, { filter: "datum.kind === 'raw' && datum.role !== 'full_valid'" }],
        mark: { type: 'line', strokeWidth: 1, clip: true },
        encoding: {
          x,
          y: { field: 'value', type: 'quantitative', title: panel.yLabel, scale: { zero: false } },
          color,
          detail: { field: 'metric' },
          opacity: smoothedRoles.size > 0 ? { value: 0.3 } : { value: 0.9 },
          tooltip,
        },
      },
      {
        transform: [inPanel, { filter: "datum.kind === 'smoothed'" }],
        mark: { type: 'line', strokeWidth: 2, clip: true },
        encoding: {
          x,
          y: { field: 'value', type: 'quantitative' },
          color,
          detail: { field: 'metric' },
          tooltip,
        },
      },
      {
        transform: [
          inPanel,
          { filter: "datum.kind === 'raw' && (datum.role === 'full_valid' || datum.sparse)" },
        ],
        mark: { type: 'line', strokeWidth: 2, point: { filled: true, size: 50 }, clip: true },
        encoding: {
          x,
          y: { field: 'value', type: 'quantitative' },
          color,
          detail: { field: 'metric' },
          tooltip,
        },
      },
    ];
    if (model.epochEnds.length > 0) {
      layers.push({
        data: {
          values: model.epochEnds.map((end) => ({
            step: end.step,
            epoch: end.epoch,
            label: `end of epoch ${end.epoch}`,
          })),
        },
        mark: { type: 'rule', strokeDash: [4, 4], color: '#888888', strokeWidth: 1 },
        encoding: {
          x,
          tooltip: [
            { field: 'label', type: 'nominal', title: 'epoch' },
            { field: 'step', type: 'quantitative' },
          ],
        },
      });
    }
    if (model.checkpoints.length > 0) {
      layers.push({
        data: {
          values: model.checkpoints.map((checkpoint) => ({ step: checkpoint.step, model: checkpoint.label })),
        },
        mark: { type: 'point', shape: 'triangle-down', filled: true, size: 70, color: '#444444' },
        encoding: {
          x,
          y: { value: 0 },
          tooltip: [
            { field: 'model', type: 'nominal', title: 'checkpoint' },
            { field: 'step', type: 'quantitative' },
          ],
        },
      });
    }
    return {
      title: { text: panel.title, anchor: 'start', fontSize: 13 },
      width,
      height,
      layer: layers,
    };
  });
  return {
    $schema: VEGA_LITE_SCHEMA,
    title: { text: model.title, anchor: 'start' },
    description:
      'Fine-tuning metrics: raw (faint) and smoothed lines, full-validation points, epoch ends (dashed), checkpoints (▼).',
    data: { values },
    vconcat: panels,
    resolve: { scale: { color: 'shared' } },
    config: {
      view: { stroke: null },
      axis: { grid: true, gridOpacity: 0.4 },
      legend: {
        orient: 'top',
        symbolType: 'stroke',
        symbolOpacity: 1,
        symbolStrokeWidth: 2,
        labelLimit: 320,
      },
    },
  };
}
