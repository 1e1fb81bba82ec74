/**
 * Checkpoint permissions: share a fine-tuned model or one of its checkpoints with other projects of
 * the organization, list those grants, revoke one (`fineTuning.checkpoints.permissions`). OpenAI
 * requires an admin API key for these calls: the client needs `adminAPIKey` (or `OPENAI_ADMIN_KEY`).
 *
 * Every call goes through the job layer's retry policy. A retried share whose first attempt went
 * through anyway finds the grant already there and returns it; a retried revoke that finds the
 * permission gone counts it as revoked.
 *
 * @module
 */
import { FinetuneKitUsageError } from '../errors.js';
import { errorCode, errorStatus } from './api-error.js';
import { type CallContext, type FineTuningClient, retrySettings, sdkOptions } from './client.js';
import type { CallOptions, FineTuneJobOptions } from './job-options.js';
import type { FineTuneJobCheckpoint } from './normalize.js';
import { withRetry } from './retry.js';

/** A grant of a fine-tuned model or checkpoint to a project (`checkpoint.permission`). */
export interface CheckpointPermission {
  readonly object: 'checkpoint.permission';
  /** `cp_…`: what {@link CheckpointPermissions.revoke} takes. */
  readonly id: string;
  /** Unix seconds. */
  readonly created_at: number;
  /** The project that may use the model (`proj_…`). */
  readonly project_id: string;
}

/** Options of {@link CheckpointPermissions.list}. */
export interface ListPermissionsOptions extends CallOptions {
  /** Only the grant of this project (`proj_…`). */
  readonly projectId?: string;
  /** Oldest or newest first. @default 'descending' */
  readonly order?: 'ascending' | 'descending';
}

/** What a revoke returns. */
export interface RevokedPermission {
  /** The permission id. */
  readonly id: string;
  readonly deleted: boolean;
}

/** The sharing calls of one checkpoint (or fine-tuned model), as methods on it. */
export interface CheckpointSharing {
  /**
   * Shares the checkpoint with projects of the organization (admin key).
   *
   * @param projectIds - `proj_…` ids, at least one.
   * @returns One permission per project, in the order given.
   * @throws {FinetuneKitUsageError} When `projectIds` is empty or not strings, or the client has no admin key.
   * @throws {FinetuneKitApiError} E.g. 404 for an unknown project, 400 when a project already has access.
   */
  share(projectIds: readonly string[], options?: CallOptions): Promise<CheckpointPermission[]>;
  /**
   * The projects the checkpoint is shared with (every page).
   *
   * @throws {FinetuneKitApiError} When listing fails (e.g. 404 for an unknown checkpoint).
   */
  permissions(options?: ListPermissionsOptions): Promise<CheckpointPermission[]>;
  /**
   * Revokes one permission (`cp_…`).
   *
   * @throws {FinetuneKitApiError} E.g. 404 for an unknown permission.
   */
  revoke(permissionId: string, options?: CallOptions): Promise<RevokedPermission>;
}

/** A checkpoint as `job.checkpoints()` returns it: the data, plus its sharing methods. */
export type FineTuneCheckpoint = FineTuneJobCheckpoint & CheckpointSharing;

/** Options of `FineTuneJob.checkpointPermissions`: the clock, retry policy and request options of its calls. */
export type CheckpointPermissionsOptions = Pick<FineTuneJobOptions, 'clock' | 'retry' | 'requestOptions'>;

/** Builds the context of one call from its signal. */
export type CallContextFactory = (signal: AbortSignal | undefined) => CallContext;

function normalizePermission(raw: unknown): CheckpointPermission {
  const record = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
  return Object.freeze({
    object: 'checkpoint.permission',
    id: typeof record.id === 'string' ? record.id : '',
    created_at: typeof record.created_at === 'number' ? record.created_at : 0,
    project_id: typeof record.project_id === 'string' ? record.project_id : '',
  });
}

function hasAuthorizationHeader(headers: Readonly<Record<string, string>> | undefined): boolean {
  return Object.keys(headers ?? {}).some((name) => /^(authorization|api-key)$/i.test(name));
}

/**
 * Checks what the SDK would otherwise fail on with a bare "Could not resolve authentication
 * method": these calls authenticate with the admin key only.
 */
function assertAdminClient(context: CallContext): void {
  const client = context.client as FineTuningClient & { adminAPIKey?: string | null };
  if (typeof client.fineTuning.checkpoints?.permissions?.list !== 'function') {
    throw new FinetuneKitUsageError(
      'This version of `openai` has no fineTuning.checkpoints.permissions.list: update the `openai` package.',
      'client',
    );
  }
  if (
    'adminAPIKey' in client &&
    client.adminAPIKey == null &&
    !hasAuthorizationHeader(context.requestOptions?.headers)
  ) {
    throw new FinetuneKitUsageError(
      'Checkpoint permissions need an admin API key: create the client with `adminAPIKey` (or set OPENAI_ADMIN_KEY).',
      'client',
    );
  }
}

function assertName(value: unknown, option: string): asserts value is string {
  if (typeof value !== 'string' || value.trim().length === 0)
    throw new FinetuneKitUsageError(`${option} must be a non-empty string.`, option);
}

/**
 * Lists every grant on `checkpoint` (all pages).
 *
 * @param context - Client, clock, retry, signal.
 * @param checkpoint - The `ft:` model or checkpoint name.
 * @param options - Filter and order.
 * @returns The grants, in the order asked for.
 */
export async function listCheckpointPermissions(
  context: CallContext,
  checkpoint: string,
  options: Omit<ListPermissionsOptions, 'signal'> = {},
): Promise<CheckpointPermission[]> {
  if (options.order !== undefined && options.order !== 'ascending' && options.order !== 'descending') {
    throw new FinetuneKitUsageError(
      `options.order must be 'ascending' or 'descending', got ${String(options.order)}.`,
      'options.order',
    );
  }
  if (options.projectId !== undefined) assertName(options.projectId, 'options.projectId');
  assertAdminClient(context);
  const permissions: CheckpointPermission[] = [];
  const seen = new Set<string>();
  let after: string | undefined;
  for (;;) {
    const page = await withRetry(
      async (_attempt, signal) => {
        const query = {
          limit: 100,
          ...(after === undefined ? {} : { after }),
          ...(options.order === undefined ? {} : { order: options.order }),
          ...(options.projectId === undefined ? {} : { project_id: options.projectId }),
        };
        const result = await context.client.fineTuning.checkpoints.permissions.list(
          checkpoint,
          query,
          sdkOptions(context, signal),
        );
        return { data: Array.isArray(result.data) ? result.data : [], has_more: result.has_more === true };
      },
      retrySettings(context, 'fineTuning.checkpoints.permissions.list', checkpoint),
    );
    let last: string | undefined;
    for (const raw of page.data) {
      const permission = normalizePermission(raw);
      last = permission.id;
      if (seen.has(permission.id)) continue;
      seen.add(permission.id);
      permissions.push(permission);
    }
    // A cursor that does not move would page forever.
    if (!page.has_more || last === undefined || last === after) break;
    after = last;
  }
  return permissions;
}

/**
 * Shares `checkpoint` with `projectIds`.
 *
 * @returns One permission per project.
 */
export async function shareCheckpoint(
  context: CallContext,
  checkpoint: string,
  projectIds: readonly string[],
): Promise<CheckpointPermission[]> {
  if (!Array.isArray(projectIds) || projectIds.length === 0) {
    throw new FinetuneKitUsageError(
      'projectIds must be a non-empty array of project ids (proj_…).',
      'projectIds',
    );
  }
  for (const [index, id] of projectIds.entries()) assertName(id, `projectIds[${index}]`);
  assertAdminClient(context);
  return withRetry(
    async (attempt, signal) => {
      try {
        const page = await context.client.fineTuning.checkpoints.permissions.create(
          checkpoint,
          { project_ids: [...projectIds] },
          sdkOptions(context, signal),
        );
        return (Array.isArray(page.data) ? page.data : []).map(normalizePermission);
      } catch (error) {
        // An earlier attempt may have granted them although its response was lost.
        if (attempt > 1 && errorStatus(error) === 400 && errorCode(error) === 'permission_already_exists') {
          const granted = await listCheckpointPermissions({ ...context, signal }, checkpoint);
          const found = projectIds.map((id) => granted.find((permission) => permission.project_id === id));
          if (found.every((permission) => permission !== undefined)) return found as CheckpointPermission[];
        }
        throw error;
      }
    },
    retrySettings(context, 'fineTuning.checkpoints.permissions.create', checkpoint),
  );
}

/**
 * Revokes permission `permissionId` on `checkpoint`.
 *
 * @returns `{ id, deleted }`.
 */
export async function revokeCheckpointPermission(
  context: CallContext,
  checkpoint: string,
  permissionId: string,
): Promise<RevokedPermission> {
  assertName(permissionId, 'permissionId');
  assertAdminClient(context);
  return withRetry(
    async (attempt, signal) => {
      try {
        const result = await context.client.fineTuning.checkpoints.permissions.delete(
          permissionId,
          { fine_tuned_model_checkpoint: checkpoint },
          sdkOptions(context, signal),
        );
        return { id: result.id ?? permissionId, deleted: result.deleted === true };
      } catch (error) {
        // An earlier attempt may have revoked it although its response was lost.
        if (attempt > 1 && errorStatus(error) === 404) return { id: permissionId, deleted: true };
        throw error;
      }
    },
    retrySettings(context, 'fineTuning.checkpoints.permissions.delete', permissionId),
  );
}

/**
 * The sharing calls of one fine-tuned model or checkpoint, from `FineTuneJob.checkpointPermissions`
 * (no job needed) or as the methods of the checkpoints `job.checkpoints()` returns.
 *
 * @example
 * ```ts
 * const sharing = FineTuneJob.checkpointPermissions(adminClient, 'ft:gpt-4o-mini-2024-07-18:acme::B7R9VjQd');
 * await sharing.share(['proj_abGMw1llN8IrBb6SvvY5A1iH']);
 * ```
 */
export class CheckpointPermissions {
  /** The `ft:` model or checkpoint name the calls are about. */
  readonly checkpoint: string;
  readonly #context: CallContextFactory;

  /**
   * @param checkpoint - The `ft:` model or checkpoint name.
   * @param context - Builds each call's context from its signal.
   * @throws {FinetuneKitUsageError} When `checkpoint` is empty.
   */
  constructor(checkpoint: string, context: CallContextFactory) {
    assertName(checkpoint, 'checkpoint');
    this.checkpoint = checkpoint;
    this.#context = context;
  }

  /** See {@link CheckpointSharing.share}. */
  share(projectIds: readonly string[], options: CallOptions = {}): Promise<CheckpointPermission[]> {
    return shareCheckpoint(this.#context(options.signal), this.checkpoint, projectIds);
  }

  /** See {@link CheckpointSharing.permissions}. */
  list(options: ListPermissionsOptions = {}): Promise<CheckpointPermission[]> {
    const { signal, ...filter } = options;
    return listCheckpointPermissions(this.#context(signal), this.checkpoint, filter);
  }

  /** See {@link CheckpointSharing.revoke}. */
  revoke(permissionId: string, options: CallOptions = {}): Promise<RevokedPermission> {
    return revokeCheckpointPermission(this.#context(options.signal), this.checkpoint, permissionId);
  }
}

/**
 * Adds the sharing methods to a checkpoint, as non-enumerable properties: the checkpoint stays
 * plain data for `JSON.stringify`, spreading and equality.
 *
 * @param checkpoint - A normalised checkpoint.
 * @param context - Builds each call's context from its signal.
 * @returns A frozen copy with `share`, `permissions` and `revoke`.
 */
export function withSharing(
  checkpoint: FineTuneJobCheckpoint,
  context: CallContextFactory,
): FineTuneCheckpoint {
  const sharing = new CheckpointPermissions(checkpoint.fine_tuned_model_checkpoint || checkpoint.id, context);
  const methods: CheckpointSharing = {
    share: (projectIds, options) => sharing.share(projectIds, options),
    permissions: (options) => sharing.list(options),
    revoke: (permissionId, options) => sharing.revoke(permissionId, options),
  };
  const copy = { ...checkpoint };
  for (const [name, value] of Object.entries(methods))
    Object.defineProperty(copy, name, { value, enumerable: false });
  return Object.freeze(copy) as FineTuneCheckpoint;
}
