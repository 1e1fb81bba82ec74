/**
 * The error of metrics input that cannot be read: a JSON form that is not version 1
 * (`invalid_metrics_json`), or a result file above the size limit (`result_file_too_large`).
 *
 * @module
 */
import { FinetuneKitError, isFinetuneKitErrorNamed, markErrorClass } from '../errors.js';

/** Thrown by `Metrics.fromJSON` for input that is not the JSON form, and for oversized result files. */
export class MetricsFormatError extends FinetuneKitError {
  /** True when `value` is a {@link MetricsFormatError}, also across realms and package copies; safe unbound. */
  static override readonly isInstance = (value: unknown): value is MetricsFormatError =>
    isFinetuneKitErrorNamed(value, 'MetricsFormatError');

  /**
   * Where the problem is: the first wrong field of a JSON form (e.g. `points[3].values.train_loss`),
   * or the id of an oversized result file.
   */
  readonly path: string;

  /**
   * @param message - One line: what failed, where and why.
   * @param path - See {@link MetricsFormatError.path}.
   * @param options - `code` (default `invalid_metrics_json`) and `cause`.
   */
  constructor(message: string, path: string, options: { cause?: unknown; code?: string } = {}) {
    const { code = 'invalid_metrics_json', ...rest } = options;
    super(message, code, rest);
    this.name = 'MetricsFormatError';
    markErrorClass(this, 'MetricsFormatError');
    this.path = path;
  }
}
