/**
 * Parallel validation: a worker-thread pool behind the validation run's batch-analyzer seam, with a
 * same-thread fallback.
 *
 * @module
 */
export {
  createParallelBatchAnalyzer,
  PARALLEL_ANALYZER_DEFAULTS,
  type ParallelAnalyzerOptions,
  type ParallelAnalyzerStats,
  type ParallelBatchAnalyzer,
  prestartAnalyzePool,
} from './parallel-batch-analyzer.js';
