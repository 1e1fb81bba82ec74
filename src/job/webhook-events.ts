/**
 * The webhook payloads a fine-tuning receiver sees. OpenAI sends three fine-tuning events, each a
 * thin envelope around the job id (OpenAPI spec: `WebhookFineTuningJobSucceeded`, `…Failed`,
 * `…Cancelled`); every other event type of the project (batches, responses, evals…) is passed
 * through as {@link OtherWebhookEvent}, never an error, since one endpoint may receive them all.
 *
 * @module
 */

/** The fine-tuning event types OpenAI sends (there is no paused or progress webhook). */
export type FineTuneWebhookEventType =
  | 'fine_tuning.job.succeeded'
  | 'fine_tuning.job.failed'
  | 'fine_tuning.job.cancelled';

/** The fine-tuning event types, in one list. */
export const FINE_TUNE_WEBHOOK_EVENT_TYPES: readonly FineTuneWebhookEventType[] = Object.freeze([
  'fine_tuning.job.succeeded',
  'fine_tuning.job.failed',
  'fine_tuning.job.cancelled',
]);

/**
 * A fine-tuning webhook event, as sent by OpenAI.
 *
 * @example
 * ```json
 * { "id": "evt_685343a1381c819085d44c354e1b330e", "object": "event",
 *   "type": "fine_tuning.job.succeeded", "created_at": 1750287018, "data": { "id": "ftjob-abc123" } }
 * ```
 */
export interface FineTuneWebhookEvent {
  /** The event id (`evt_…`), the same in every delivery of the event. */
  readonly id: string;
  readonly object: 'event';
  readonly type: FineTuneWebhookEventType;
  /** Unix seconds: when the job reached its final status. */
  readonly created_at: number;
  /** The job: only its id (fetch the job for the rest). */
  readonly data: { readonly id: string };
}

/** Any other event type sent to the same endpoint: verified, parsed, and left to the caller. */
export interface OtherWebhookEvent {
  readonly id: string;
  readonly object: string;
  readonly type: string;
  readonly created_at: number;
  readonly data: unknown;
}
