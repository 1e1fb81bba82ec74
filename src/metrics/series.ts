/**
 * `Series`: the points of one metric as a frozen array of `{ step, value, epoch }` with fluent,
 * non-mutating smoothing (`metrics.series('train_loss').smooth(0.6)`).
 *
 * @module
 */
import { FinetuneKitUsageError } from '../errors.js';
import { type MetricName, metricDefinition } from './metric-names.js';
import {
  DEFAULT_SMOOTHING_WEIGHT,
  smoothEma,
  smoothGaussian,
  smoothRunningAverage,
  smoothTwema,
} from './smooth.js';

/** One value of a metric. */
export interface SeriesPoint {
  /** 1-based training step. */
  readonly step: number;
  /** The value; may be NaN or ±Infinity when the source said so. */
  readonly value: number;
  /** 1-based epoch, or `null` when epoch boundaries are unknown. */
  readonly epoch: number | null;
}

/** How a series was smoothed. */
export type SmoothingOptions =
  /** TensorBoard's debiased EMA, index-based. `weight` 0–0.999, default 0.6. */
  | { readonly method: 'ema'; readonly weight?: number }
  /** W&B's time-weighted EMA, distance in median step spacings. `weight` 0–1, default 0.6. */
  | { readonly method: 'twema'; readonly weight?: number }
  /** Boxcar mean over `window` points on each side, default 5. */
  | { readonly method: 'running_average'; readonly window?: number }
  /** Gaussian-weighted mean, `sigma` in steps, default 5. */
  | { readonly method: 'gaussian'; readonly sigma?: number };

/**
 * The points of one metric, sorted by step. It is a real (frozen) array, so `map`, `filter`,
 * spreading, `JSON.stringify` and charting libraries work as usual (they return plain arrays);
 * the methods below return new `Series` and never change this one.
 *
 * @example
 * ```ts
 * const loss = metrics.series('train_loss');
 * loss.length; loss[0]; // { step: 1, value: 3.63, epoch: 1 }
 * const smooth = loss.smooth(0.6);             // TensorBoard EMA
 * loss.smooth({ method: 'gaussian', sigma: 10 });
 * smooth.last()?.value;
 * ```
 */
export class Series<N extends string = MetricName> extends Array<SeriesPoint> {
  /** The metric name. */
  declare readonly name: N;
  /** How this series was smoothed, or `null` for raw data. */
  declare readonly smoothing: SmoothingOptions | null;

  /** Array methods (`map`, `filter`, `slice`, …) build plain arrays, not `Series`. */
  static override get [Symbol.species](): ArrayConstructor {
    return Array;
  }

  /**
   * @param name - The metric name.
   * @param points - The points, sorted by step (copied and frozen).
   * @param smoothing - How the points were smoothed. @default null
   */
  constructor(name: N, points: Iterable<SeriesPoint> = [], smoothing: SmoothingOptions | null = null) {
    super();
    for (const point of points)
      this.push(Object.freeze({ step: point.step, value: point.value, epoch: point.epoch }));
    // Non-enumerable, so the series compares and serialises like the plain array it is.
    Object.defineProperty(this, 'name', { value: name, enumerable: false });
    Object.defineProperty(this, 'smoothing', { value: smoothing, enumerable: false });
    Object.freeze(this);
  }

  /**
   * Smooths the series. A number is TensorBoard's EMA weight; an object picks the method.
   *
   * @param options - A weight (0–0.999) or {@link SmoothingOptions}. @default 0.6
   * @returns A new smoothed series.
   * @throws {FinetuneKitUsageError} For an unknown `method` (`option`: `options.method`).
   */
  smooth(options: number | SmoothingOptions = DEFAULT_SMOOTHING_WEIGHT): Series<N> {
    const chosen: SmoothingOptions =
      typeof options === 'number' ? { method: 'ema', weight: options } : options;
    switch (chosen.method) {
      case 'ema':
        return this.ema(chosen.weight);
      case 'twema':
        return this.twema(chosen.weight);
      case 'running_average':
        return this.runningAverage(chosen.window);
      case 'gaussian':
        return this.gaussian(chosen.sigma);
      default:
        throw new FinetuneKitUsageError(
          `series.smooth: unknown method ${JSON.stringify((chosen as { method: unknown }).method)}.`,
          'options.method',
        );
    }
  }

  /** TensorBoard's debiased EMA (see `smoothEma`). @param weight - 0–0.999. @default 0.6 */
  ema(weight: number = DEFAULT_SMOOTHING_WEIGHT): Series<N> {
    return new Series(this.name, smoothEma(this, weight), { method: 'ema', weight });
  }

  /** W&B's time-weighted EMA (see `smoothTwema`). @param weight - 0–1. @default 0.6 */
  twema(weight: number = DEFAULT_SMOOTHING_WEIGHT): Series<N> {
    return new Series(this.name, smoothTwema(this, weight), { method: 'twema', weight });
  }

  /** Boxcar running average (see `smoothRunningAverage`). @param window - Points on each side. @default 5 */
  runningAverage(window = 5): Series<N> {
    return new Series(this.name, smoothRunningAverage(this, window), { method: 'running_average', window });
  }

  /** Gaussian smoothing (see `smoothGaussian`). @param sigma - In steps. @default 5 */
  gaussian(sigma = 5): Series<N> {
    return new Series(this.name, smoothGaussian(this, sigma), { method: 'gaussian', sigma });
  }

  /** The steps, in order. */
  toSteps(): number[] {
    return Array.from(this, (point) => point.step);
  }

  /** The values, in order. */
  toValues(): number[] {
    return Array.from(this, (point) => point.value);
  }

  /** A new series without NaN and ±Infinity points. */
  finite(): Series<N> {
    return new Series(
      this.name,
      Array.prototype.filter.call(this, (point: SeriesPoint) =>
        Number.isFinite(point.value),
      ) as SeriesPoint[],
      this.smoothing,
    );
  }

  /** A new series with the points whose step is in `[fromStep, toStep]`. */
  between(fromStep: number, toStep: number): Series<N> {
    return new Series(
      this.name,
      Array.prototype.filter.call(
        this,
        (point: SeriesPoint) => point.step >= fromStep && point.step <= toStep,
      ) as SeriesPoint[],
      this.smoothing,
    );
  }

  /** A new series with the points of one epoch. */
  inEpoch(epoch: number): Series<N> {
    return new Series(
      this.name,
      Array.prototype.filter.call(this, (point: SeriesPoint) => point.epoch === epoch) as SeriesPoint[],
      this.smoothing,
    );
  }

  /** The last point, or `undefined` when empty. */
  last(): SeriesPoint | undefined {
    return this[this.length - 1];
  }

  /** The point with the lowest finite value (the first one on ties), or `undefined`. */
  min(): SeriesPoint | undefined {
    let best: SeriesPoint | undefined;
    for (const point of this)
      if (Number.isFinite(point.value) && (best === undefined || point.value < best.value)) best = point;
    return best;
  }

  /** The point with the highest finite value (the first one on ties), or `undefined`. */
  max(): SeriesPoint | undefined {
    let best: SeriesPoint | undefined;
    for (const point of this)
      if (Number.isFinite(point.value) && (best === undefined || point.value > best.value)) best = point;
    return best;
  }

  /** The best point by the metric's direction (lowest loss, highest accuracy or reward), or `undefined`. */
  best(): SeriesPoint | undefined {
    return metricDefinition(this.name).better === 'higher' ? this.max() : this.min();
  }

  /** The mean of the finite values, or `null` when there is none. */
  mean(): number | null {
    let sum = 0;
    let count = 0;
    for (const point of this) {
      if (!Number.isFinite(point.value)) continue;
      sum += point.value;
      count += 1;
    }
    return count === 0 ? null : sum / count;
  }
}
