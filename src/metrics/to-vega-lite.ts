/**
 * A Vega-Lite v5 specification of the metrics: a title with the model and hyperparameters, one
 * panel per metric kind (loss, token accuracy or reward), faint raw and bold smoothed lines (a
 * legend says which is which and the smoothing), full-validation points, dashed epoch rules,
 * checkpoint markers with the best one labelled, and arrows for raw outliers left off the y axis.
 * Jupyter front-ends render it natively (`application/vnd.vegalite.v5+json`).
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

const BEST_COLOR = '#d62728';

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
  // Line style legend: faint = raw, bold = smoothed (with the smoothing used).
  const rawStyle = 'raw';
  const smoothedStyle = `smoothed (${model.smoothing ?? 'none'})`;
  for (const row of values) row.style = row.kind === 'raw' ? rawStyle : smoothedStyle;
  const styleScale = { domain: [rawStyle, smoothedStyle] };
  const styleLegend =
    model.smoothing === null ? null : { title: 'faint = raw, bold = smoothed', symbolType: 'stroke' };
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
    const y = {
      field: 'value',
      type: 'quantitative',
      title: panel.yLabel,
      scale: { domain: [...panel.y.domain], nice: false, zero: false },
    };
    const style = {
      opacity: {
        field: 'style',
        type: 'ordinal',
        sort: styleScale.domain,
        scale: { ...styleScale, range: [0.3, 1] },
        legend: styleLegend,
      },
      strokeWidth: {
        field: 'style',
        type: 'ordinal',
        sort: styleScale.domain,
        scale: { ...styleScale, range: [1, 2] },
        legend: styleLegend,
      },
    };
    const smoothedRoles = new Set(
      panel.series.filter((series) => series.smoothed).map((series) => series.label),
    );
    // Each data layer filters its panel itself: layers with their own data (rules, checkpoints) must
    // not inherit a parent transform on fields they do not have.
    const inPanel = { filter: { field: 'panel', equal: panel.id } };
    const layers: Record<string, unknown>[] = [
      {
        transform: [inPanel, { filter: "datum.kind === 'raw' && datum.role !== 'full_valid'" }],
        mark: { type: 'line', clip: true },
        encoding: {
          x,
          y,
          color,
          detail: { field: 'metric' },
          ...(smoothedRoles.size > 0 ? style : { opacity: { value: 0.9 }, strokeWidth: { value: 1 } }),
          tooltip,
        },
      },
      {
        transform: [inPanel, { filter: "datum.kind === 'smoothed'" }],
        mark: { type: 'line', clip: true },
        encoding: {
          x,
          y,
          color,
          detail: { field: 'metric' },
          ...style,
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
          y,
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
          values: model.checkpoints.map((checkpoint) => ({
            step: checkpoint.step,
            model: checkpoint.label,
            best: checkpoint.best,
          })),
        },
        mark: { type: 'point', shape: 'triangle-down', filled: true, size: 70, yOffset: -6 },
        encoding: {
          x,
          y: { value: 0 },
          color: { condition: { test: 'datum.best', value: BEST_COLOR }, value: '#444444' },
          tooltip: [
            { field: 'model', type: 'nominal', title: 'checkpoint' },
            { field: 'step', type: 'quantitative' },
            { field: 'best', type: 'nominal' },
          ],
        },
      });
    }
    const best = model.best;
    if (best !== null && best.panel === panel.id && best.value !== null) {
      const bestData = {
        values: [{ step: best.step, value: round(best.value), label: best.label, model: best.model }],
      };
      layers.push(
        {
          data: bestData,
          mark: {
            type: 'point',
            shape: 'circle',
            size: 160,
            filled: false,
            strokeWidth: 2,
            color: BEST_COLOR,
          },
          encoding: {
            x,
            y,
            tooltip: [
              { field: 'label', type: 'nominal', title: 'best checkpoint' },
              { field: 'model', type: 'nominal' },
            ],
          },
        },
        {
          data: bestData,
          mark: { type: 'text', align: 'right', dx: -10, dy: -10, fontWeight: 'bold', color: BEST_COLOR },
          encoding: { x, y, text: { field: 'label' } },
        },
      );
    }
    // Raw outliers left off the y axis: arrows on the edge they pass, and a note saying how many.
    const clipped = [
      ...panel.y.clippedAbove.map((point) => ({ ...point, side: 'above', edge: panel.y.domain[1] })),
      ...panel.y.clippedBelow.map((point) => ({ ...point, side: 'below', edge: panel.y.domain[0] })),
    ];
    if (clipped.length > 0) {
      layers.push({
        data: { values: clipped.map((point) => ({ ...point, value: round(point.value) })) },
        mark: { type: 'point', filled: true, size: 40, clip: false },
        encoding: {
          x,
          y: { field: 'edge', type: 'quantitative', scale: y.scale },
          shape: {
            field: 'side',
            type: 'nominal',
            scale: { domain: ['above', 'below'], range: ['triangle-up', 'triangle-down'] },
            legend: { title: 'raw point off the axis' },
          },
          color,
          tooltip: [
            { field: 'metric', type: 'nominal' },
            { field: 'step', type: 'quantitative' },
            { field: 'value', type: 'quantitative', format: '.5~g' },
          ],
        },
      });
    }
    if (panel.y.clippedNote !== null) {
      layers.push({
        data: { values: [{ note: panel.y.clippedNote }] },
        mark: { type: 'text', align: 'right', baseline: 'bottom', x: 'width', y: -4, color: '#aa3333' },
        encoding: { text: { field: 'note' } },
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
    title: {
      text: model.title,
      anchor: 'start',
      ...(model.subtitle === null ? {} : { subtitle: model.subtitle }),
    },
    description: `Fine-tuning metrics: faint = raw, bold = smoothed${model.smoothing === null ? '' : ` (${model.smoothing})`}, full-validation points, epoch ends (dashed), checkpoints (▼, the best in red).`,
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
        titleLimit: 420,
      },
    },
  };
}
