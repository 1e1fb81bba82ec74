/**
 * `/fine_tuning/checkpoints/{fine_tuned_model_checkpoint}/permissions`: share a fine-tuned model or
 * one of its checkpoints with other projects of the organization, list the grants, revoke one.
 *
 * The real API needs an admin key for these (the SDK sends `adminAPIKey`); the simulator accepts any
 * key it accepts elsewhere. It has no projects of its own, so a project exists when its id has the
 * shape of a real one: `proj_` and 24 letters or digits (as in the spec's examples). Any other id is
 * "not found". OpenAI does not document what granting a project twice answers: the simulator refuses
 * it with a 400 `permission_already_exists` (not a 409, which clients retry as a conflict), and a
 * create with any bad id grants nothing. See docs/testing.md.
 *
 * @module
 */
import { invalidRequest, missingParameter, notFound, showValue } from '../api-error.js';
import type { Route, RouteRequest, SimulatorContext } from '../context.js';
import { paginate, readLimit } from '../pagination.js';
import type { PermissionRecord, SimulatedCheckpointPermission } from '../store.js';
import { requireJson } from './jobs.js';
import { findFineTunedModel } from './models.js';

/** The shape of a real project id: `proj_` and 24 letters or digits. */
export const PROJECT_ID_PATTERN = /^proj_[A-Za-z0-9]{24}$/;

/** The fine-tuned model or checkpoint named in the path, or a 404 in the models endpoint's words. */
function requireCheckpoint(context: SimulatorContext, request: RouteRequest): string {
  const name = request.params.checkpoint ?? '';
  if (!findFineTunedModel(context, name)) {
    throw notFound(
      `The model \`${name}\` does not exist or you do not have access to it.`,
      'fine_tuned_model_checkpoint',
      'model_not_found',
    );
  }
  return name;
}

/** The grants on `checkpoint`, oldest first. */
function grantsOn(context: SimulatorContext, checkpoint: string): PermissionRecord[] {
  return [...context.store.permissions.values()]
    .filter((record) => record.checkpoint === checkpoint)
    .sort((a, b) => a.permission.created_at - b.permission.created_at || a.sequence - b.sequence);
}

/** Checks `project_ids` as the spec types it: a non-empty array of strings. */
function readProjectIds(request: RouteRequest): string[] {
  const body = requireJson(request);
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw invalidRequest(`${JSON.stringify(body)} is not of type 'object'`);
  const input = body as Record<string, unknown>;
  for (const key of Object.keys(input)) {
    if (key !== 'project_ids') throw invalidRequest(`Unrecognized request argument supplied: ${key}`, key);
  }
  const ids = input.project_ids;
  if (ids === undefined || ids === null) throw missingParameter('project_ids');
  if (!Array.isArray(ids))
    throw invalidRequest(
      `Invalid type for 'project_ids': expected an array of strings.`,
      'project_ids',
      'invalid_type',
    );
  if (ids.length === 0) {
    throw invalidRequest(
      "Invalid 'project_ids': empty array. Expected an array with minimum length 1, but got an empty array instead.",
      'project_ids',
      'empty_array',
    );
  }
  ids.forEach((id, index) => {
    if (typeof id !== 'string') {
      throw invalidRequest(
        `Invalid type for 'project_ids[${index}]': expected a string, but got ${showValue(id)} instead.`,
        `project_ids[${index}]`,
        'invalid_type',
      );
    }
  });
  return ids as string[];
}

function createPermissions(context: SimulatorContext, request: RouteRequest) {
  const checkpoint = requireCheckpoint(context, request);
  const projectIds = readProjectIds(request);
  const granted = new Set(grantsOn(context, checkpoint).map((record) => record.permission.project_id));
  // Every id is checked before anything is granted: a refused request changes nothing.
  for (const projectId of projectIds) {
    if (!PROJECT_ID_PATTERN.test(projectId)) {
      throw notFound(`Project '${projectId}' not found.`, 'project_ids', 'project_not_found');
    }
    if (granted.has(projectId)) {
      throw invalidRequest(
        `Project '${projectId}' already has access to ${checkpoint}.`,
        'project_ids',
        'permission_already_exists',
      );
    }
    granted.add(projectId);
  }
  const createdAt = Math.floor(context.clock.now() / 1000);
  const data: SimulatedCheckpointPermission[] = projectIds.map((projectId) => {
    const permission: SimulatedCheckpointPermission = {
      object: 'checkpoint.permission',
      id: context.newId('cp_'),
      created_at: createdAt,
      project_id: projectId,
    };
    context.store.permissions.set(permission.id, {
      permission,
      checkpoint,
      sequence: context.store.nextSequence(),
    });
    return permission;
  });
  return { json: paginate(data, { after: null, limit: data.length, withIds: true }) };
}

function listPermissions(context: SimulatorContext, request: RouteRequest) {
  const checkpoint = requireCheckpoint(context, request);
  const order = request.query.get('order') ?? 'descending';
  if (order !== 'ascending' && order !== 'descending') {
    throw invalidRequest(
      `Invalid value for 'order': expected one of 'ascending', 'descending', but got '${order}' instead.`,
      'order',
      'invalid_value',
    );
  }
  const limit = readLimit(request.query, 10, 100);
  const projectId = request.query.get('project_id');
  let records = grantsOn(context, checkpoint);
  if (projectId) records = records.filter((record) => record.permission.project_id === projectId);
  if (order === 'descending') records.reverse();
  const items = records.map((record) => record.permission);
  return { json: paginate(items, { after: request.query.get('after') || null, limit, withIds: true }) };
}

function deletePermission(context: SimulatorContext, request: RouteRequest) {
  const checkpoint = requireCheckpoint(context, request);
  const id = request.params.permission_id ?? '';
  const record = context.store.permissions.get(id);
  if (!record || record.checkpoint !== checkpoint) {
    throw notFound(
      `No permission found with ID '${id}' for ${checkpoint}.`,
      'permission_id',
      'permission_not_found',
    );
  }
  context.store.permissions.delete(id);
  return { json: { object: 'checkpoint.permission', id, deleted: true } };
}

/** The checkpoint permission routes. */
export const checkpointPermissionRoutes: readonly Route[] = [
  { method: 'POST', pattern: '/fine_tuning/checkpoints/:checkpoint/permissions', handle: createPermissions },
  { method: 'GET', pattern: '/fine_tuning/checkpoints/:checkpoint/permissions', handle: listPermissions },
  {
    method: 'DELETE',
    pattern: '/fine_tuning/checkpoints/:checkpoint/permissions/:permission_id',
    handle: deletePermission,
  },
];
