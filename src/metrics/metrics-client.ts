/**
 * The part of the `openai` client that the metrics layer calls, as a structural type: the SDK's
 * `OpenAI` and `AzureOpenAI` fit it, and so does any hand-made fake. The metrics layer never
 * imports `openai` at run time.
 *
 * @module
 */
import type { FineTuningJobLike } from './job-info.js';
import type { CheckpointLike } from './parse-checkpoint.js';
import type { MetricsEventLike } from './parse-metrics-event.js';

/** Per-request options the metrics layer passes (the SDK's `RequestOptions` accepts them). */
export interface RequestOptionsLike {
  readonly signal?: AbortSignal;
}

/** Query of cursor-paged list calls. */
export interface CursorQuery {
  readonly after?: string;
  readonly limit?: number;
}

/** One page of a cursor-paged list, as the SDK's awaited `PagePromise` resolves. */
export interface CursorPageLike<T> {
  readonly data: readonly T[];
  readonly has_more?: boolean;
}

/** A job as listed and retrieved (the id is always there). */
export type ListedJob = FineTuningJobLike & { readonly id: string };

/**
 * What `Metrics.fromJob` needs from the `openai` client. Calls always pass `(id, query, options)`
 * as separate arguments (the SDK 7 rejects mixing them).
 */
export interface MetricsClient {
  readonly fineTuning: {
    readonly jobs: {
      retrieve(jobId: string, options?: RequestOptionsLike): PromiseLike<FineTuningJobLike>;
      listEvents(
        jobId: string,
        query?: CursorQuery | null,
        options?: RequestOptionsLike,
      ): PromiseLike<CursorPageLike<MetricsEventLike & { readonly id: string }>>;
      readonly checkpoints: {
        list(
          jobId: string,
          query?: CursorQuery | null,
          options?: RequestOptionsLike,
        ): PromiseLike<CursorPageLike<CheckpointLike & { readonly id: string }>>;
      };
    };
  };
  readonly files: {
    /** Returns the raw web `Response` (the SDK does not parse it). */
    content(fileId: string, options?: RequestOptionsLike): PromiseLike<Response>;
  };
}

/** A file object as retrieved (only the fields the archive reads). */
export interface FileObjectLike {
  readonly id: string;
  readonly bytes?: number;
  readonly filename?: string;
  readonly purpose?: string;
  readonly created_at?: number;
}

/** What the archive functions need: `MetricsClient` plus job listing and file metadata. */
export interface ArchiveClient extends MetricsClient {
  readonly fineTuning: MetricsClient['fineTuning'] & {
    readonly jobs: MetricsClient['fineTuning']['jobs'] & {
      list(
        query?: (CursorQuery & { readonly metadata?: Readonly<Record<string, string>> | null }) | null,
        options?: RequestOptionsLike,
      ): PromiseLike<CursorPageLike<ListedJob>>;
    };
  };
  readonly files: MetricsClient['files'] & {
    retrieve(fileId: string, options?: RequestOptionsLike): PromiseLike<FileObjectLike>;
  };
}
