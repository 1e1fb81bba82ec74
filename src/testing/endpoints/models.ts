/**
 * `/models`: list, retrieve and delete. Base models come from the finetune-kit model table;
 * fine-tuned models and checkpoints appear as jobs finish. Only `ft:` models can be deleted.
 *
 * @module
 */
import { modelTable } from '../../models/index.js';
import { notFound, SimulatedApiError } from '../api-error.js';
import type { Route, RouteRequest, SimulatorContext } from '../context.js';
import type { SimulatedModel } from '../wire-types.js';

/** 404 `model_not_found`, in the API's words. */
export function modelNotFound(model: string) {
  return notFound(
    `The model \`${model}\` does not exist or you do not have access to it.`,
    'model',
    'model_not_found',
  );
}

/** `created` of a base model: the date in its snapshot name, when there is one. */
function createdOf(snapshot: string): number {
  const date = /(\d{4})-(\d{2})-(\d{2})$/.exec(snapshot);
  if (date) return Math.floor(Date.UTC(Number(date[1]), Number(date[2]) - 1, Number(date[3])) / 1000);
  return 1_692_634_615;
}

function baseModels(context: SimulatorContext): SimulatedModel[] {
  const table = modelTable(context.options.models);
  const models: SimulatedModel[] = [];
  for (const entry of Object.values(table)) {
    for (const id of [entry.snapshot, ...entry.aliases]) {
      models.push({ id, object: 'model', created: createdOf(entry.snapshot), owned_by: 'system' });
    }
  }
  return models;
}

/** A live fine-tuned model (or checkpoint) by name, or `undefined`. */
export function findFineTunedModel(context: SimulatorContext, model: string) {
  const record = context.store.models.get(model);
  return record && !record.deleted ? record : undefined;
}

function retrieveModel(context: SimulatorContext, request: RouteRequest) {
  const id = request.params.model ?? '';
  const fineTuned = findFineTunedModel(context, id);
  if (fineTuned) return { json: fineTuned.model };
  const base = baseModels(context).find((model) => model.id === id);
  if (base) return { json: base };
  throw modelNotFound(id);
}

function deleteModel(context: SimulatorContext, request: RouteRequest) {
  const id = request.params.model ?? '';
  const record = findFineTunedModel(context, id);
  if (!record) {
    if (baseModels(context).some((model) => model.id === id)) {
      throw new SimulatedApiError(
        403,
        `You do not have permission to delete the model ${id}: only fine-tuned models can be deleted.`,
        {
          param: 'model',
          code: 'model_not_deletable',
        },
      );
    }
    throw modelNotFound(id);
  }
  record.deleted = true;
  return { json: { id, object: 'model', deleted: true } };
}

/** The `/models` routes. */
export const modelRoutes: readonly Route[] = [
  {
    method: 'GET',
    pattern: '/models',
    handle: (context) => {
      const fineTuned = [...context.store.models.values()]
        .filter((record) => !record.deleted)
        .map((record) => record.model);
      return { json: { object: 'list', data: [...baseModels(context), ...fineTuned] } };
    },
  },
  { method: 'GET', pattern: '/models/:model', handle: retrieveModel },
  { method: 'DELETE', pattern: '/models/:model', handle: deleteModel },
];
