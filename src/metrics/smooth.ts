/**
 * Smoothing as pure functions: each returns new points and never mutates its input. All work on the
 * full-resolution series (W&B samples long series first; we never do).
 *
 * Non-finite values (NaN, ±Infinity) pass through unchanged and do not feed the smoothed values.
 *
 * @module
 */

/** The minimum a smoother needs: a step (x) and a value (y). Extra fields (e.g. `epoch`) are kept. */
export interface StepValue {
  readonly step: number;
  readonly value: number;
}

/** TensorBoard's default smoothing weight in its UI. */
export const DEFAULT_SMOOTHING_WEIGHT = 0.6;

/** The largest weight allowed: at 1 the debiased EMA would be 0 everywhere (TensorBoard's SCALARS_SMOOTHING_MAX). */
export const MAX_SMOOTHING_WEIGHT = 0.999;

function clampWeight(weight: number): number {
  if (!Number.isFinite(weight)) return 0;
  return Math.min(Math.max(weight, 0), MAX_SMOOTHING_WEIGHT);
}

function withValues<P extends StepValue>(points: readonly P[], values: readonly number[]): P[] {
  return points.map((point, index) => ({ ...point, value: values[index] as number }));
}

/**
 * TensorBoard's classic smoothing: a debiased exponential moving average, exactly as
 * `classicSmoothing` in `tensorboard/webapp/widgets/line_chart_v2/data_transformer.ts`.
 *
 * `acc = w·acc + (1 − w)·y; k += 1; s = acc / (1 − w^k)` over finite points in order; a constant
 * series is returned unchanged; non-finite points pass through. It is index-based: uneven steps are
 * treated as evenly spaced (use {@link smoothTwema} for sparse validation points).
 *
 * @param points - The series, sorted by step.
 * @param weight - Smoothing weight, clamped to 0–0.999 (non-finite → 0). @default 0.6
 * @returns New points with smoothed values.
 * @example
 * ```ts
 * smoothEma([{ step: 1, value: 1 }, { step: 2, value: 0 }], 0.5)
 * // [{ step: 1, value: 1 }, { step: 2, value: 0.3333… }]
 * ```
 */
export function smoothEma<P extends StepValue>(
  points: readonly P[],
  weight: number = DEFAULT_SMOOTHING_WEIGHT,
): P[] {
  const w = clampWeight(weight);
  const first = points[0]?.value;
  if (points.every((point) => point.value === first)) return points.map((point) => ({ ...point }));
  let accumulator = 0;
  let count = 0;
  const values = points.map((point) => {
    if (!Number.isFinite(point.value)) return point.value;
    accumulator = w * accumulator + (1 - w) * point.value;
    count += 1;
    return accumulator / (1 - w ** count);
  });
  return withValues(points, values);
}

/** The median distance between consecutive finite points with distinct steps (1 when there is none). */
export function medianStepSpacing(points: readonly StepValue[]): number {
  const steps = points.filter((point) => Number.isFinite(point.value)).map((point) => point.step);
  const gaps: number[] = [];
  for (let i = 1; i < steps.length; i += 1) {
    const gap = (steps[i] as number) - (steps[i - 1] as number);
    if (gap > 0) gaps.push(gap);
  }
  if (gaps.length === 0) return 1;
  gaps.sort((a, b) => a - b);
  const middle = Math.floor(gaps.length / 2);
  return gaps.length % 2 === 1
    ? (gaps[middle] as number)
    : ((gaps[middle - 1] as number) + (gaps[middle] as number)) / 2;
}

/**
 * Weights & Biases' time-weighted EMA (TWEMA, the W&B default), with the distance between points in
 * units of the series' median step spacing.
 *
 * `w' = min(√weight, 0.999)`; for each finite point `a = w'^Δ`, `num = a·num + y`, `den = a·den + 1`,
 * `s = num / den`, where Δ = (step − previous finite step) / median spacing. W&B does not define its
 * `rangeOfX · VIEWPORT_SCALE`; measuring Δ in median spacings makes an evenly spaced series give
 * exactly {@link smoothEma} with weight w', while sparse points (mini-batch validation every N
 * steps, a gap after a resume) decay by their real distance.
 *
 * @param points - The series, sorted by step.
 * @param weight - The W&B smoothing parameter, 0–1 (its square root is used). @default 0.6
 * @returns New points with smoothed values.
 */
export function smoothTwema<P extends StepValue>(
  points: readonly P[],
  weight: number = DEFAULT_SMOOTHING_WEIGHT,
): P[] {
  const w = Math.min(
    Math.sqrt(Math.min(Math.max(Number.isFinite(weight) ? weight : 0, 0), 1)),
    MAX_SMOOTHING_WEIGHT,
  );
  const spacing = medianStepSpacing(points);
  let numerator = 0;
  let denominator = 0;
  let previousStep: number | null = null;
  const values = points.map((point) => {
    if (!Number.isFinite(point.value)) return point.value;
    const delta = previousStep === null ? 0 : (point.step - previousStep) / spacing;
    const decay = w ** delta;
    numerator = decay * numerator + point.value;
    denominator = decay * denominator + 1;
    previousStep = point.step;
    return numerator / denominator;
  });
  return withValues(points, values);
}

/**
 * Running average (boxcar): the mean of the finite values from `window` points before to `window`
 * points after each point (fewer at the ends).
 *
 * @param points - The series, sorted by step.
 * @param window - Points on each side; 0 returns a copy. @default 5
 * @returns New points with smoothed values.
 */
export function smoothRunningAverage<P extends StepValue>(points: readonly P[], window = 5): P[] {
  const size = Math.max(0, Math.floor(Number.isFinite(window) ? window : 0));
  const finite = points.map((point) => Number.isFinite(point.value));
  // Prefix sums over finite values make each window O(1).
  const sums = [0];
  const counts = [0];
  points.forEach((point, index) => {
    sums.push((sums[index] as number) + (finite[index] ? point.value : 0));
    counts.push((counts[index] as number) + (finite[index] ? 1 : 0));
  });
  const values = points.map((point, index) => {
    if (!finite[index]) return point.value;
    const from = Math.max(0, index - size);
    const to = Math.min(points.length, index + size + 1);
    return (
      ((sums[to] as number) - (sums[from] as number)) / ((counts[to] as number) - (counts[from] as number))
    );
  });
  return withValues(points, values);
}

/**
 * Gaussian smoothing: a two-sided weighted mean with weights `exp(−(Δstep)² / 2σ²)`, σ in steps, so
 * uneven spacing is handled by distance (W&B recommends it for sparse series). Weights beyond 6σ
 * (below 1.6·10⁻⁸) are skipped.
 *
 * @param points - The series, sorted by step.
 * @param sigma - Standard deviation in steps; ≤ 0 returns a copy. @default 5
 * @returns New points with smoothed values.
 */
export function smoothGaussian<P extends StepValue>(points: readonly P[], sigma = 5): P[] {
  if (!(sigma > 0) || !Number.isFinite(sigma)) return points.map((point) => ({ ...point }));
  const reach = 6 * sigma;
  const finite = points.filter((point) => Number.isFinite(point.value));
  let low = 0;
  const values = points.map((point) => {
    if (!Number.isFinite(point.value)) return point.value;
    while (low < finite.length && (finite[low] as StepValue).step < point.step - reach) low += 1;
    let weighted = 0;
    let total = 0;
    for (let j = low; j < finite.length; j += 1) {
      const other = finite[j] as StepValue;
      const distance = other.step - point.step;
      if (distance > reach) break;
      const weight = Math.exp(-(distance * distance) / (2 * sigma * sigma));
      weighted += weight * other.value;
      total += weight;
    }
    return weighted / total;
  });
  return withValues(points, values);
}

/**
 * TensorBoard's "ignore outliers" y-range: the 5th and 95th percentiles of the finite values
 * (`ys[⌈(n−1)·0.05⌉]`, `ys[⌊(n−1)·0.95⌋]`), for chart axes that a single loss spike would squash.
 *
 * @param values - Any values.
 * @returns `[min, max]`, or `null` when there is no finite value.
 */
export function outlierRange(values: Iterable<number>): readonly [number, number] | null {
  const sorted = [...values].filter(Number.isFinite).sort((a, b) => a - b);
  if (sorted.length === 0) return null;
  const n = sorted.length;
  return [sorted[Math.ceil((n - 1) * 0.05)] as number, sorted[Math.floor((n - 1) * 0.95)] as number];
}
