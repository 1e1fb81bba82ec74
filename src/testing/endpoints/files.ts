/**
 * `/files`: upload (multipart), retrieve, list, delete, content.
 *
 * @module
 */
import { invalidRequest, missingParameter, notFound } from '../api-error.js';
import type { Route, RouteRequest, SimulatorContext } from '../context.js';
import { fileProcessingError } from '../file-processing.js';
import { paginate, readLimit } from '../pagination.js';
import type { FileRecord } from '../store.js';
import type { SimulatedFile } from '../wire-types.js';

/** Purposes `POST /files` accepts (spec `CreateFileRequest.purpose`). */
export const FILE_PURPOSES = ['assistants', 'batch', 'fine-tune', 'vision', 'user_data', 'evals'] as const;

const MIN_EXPIRY_SECONDS = 3600;
const MAX_EXPIRY_SECONDS = 2_592_000;

/** 404 for an unknown file id, as the API words it. */
export function fileNotFound(fileId: string) {
  return notFound(`No such File object: ${fileId}`, 'id');
}

/** The file with `id`, or a 404. */
export function requireFile(context: SimulatorContext, fileId: string): FileRecord {
  const record = context.store.files.get(fileId);
  if (!record) throw fileNotFound(fileId);
  return record;
}

/**
 * Stores a file and returns its record. Shared by `POST /files`, completed Uploads, `sim.addFile` and
 * result files.
 *
 * @param details.processed - Skip the processing delay (the file is `processed`, or `error`, at once).
 * @param details.fromSimulator - A file the simulator writes itself (a result file): no processing hook.
 */
export function storeFile(
  context: SimulatorContext,
  details: {
    filename: string;
    purpose: string;
    chunks: readonly Uint8Array[];
    expiresAfterSeconds?: number | undefined;
    processed?: boolean;
    fromSimulator?: boolean;
  },
): FileRecord {
  const now = context.clock.now();
  const bytes = details.chunks.reduce((sum, chunk) => sum + chunk.byteLength, 0);
  const processedAt = details.processed ? now : now + context.options.timing.fileProcessingMs;
  const id = context.newId('file-', 22);
  const processingError = details.fromSimulator
    ? null
    : fileProcessingError(context.options.fileProcessing, {
        id,
        filename: details.filename,
        purpose: details.purpose,
        bytes,
        chunks: details.chunks,
      });
  const file: SimulatedFile = {
    object: 'file',
    id,
    purpose: details.purpose,
    filename: details.filename,
    bytes,
    created_at: Math.floor(now / 1000),
    status: 'uploaded',
  };
  if (details.expiresAfterSeconds !== undefined)
    file.expires_at = file.created_at + details.expiresAfterSeconds;
  const record: FileRecord = {
    file,
    chunks: details.chunks,
    processedAt,
    processingError,
    sequence: context.store.nextSequence(),
  };
  if (processedAt <= now) finishProcessing(record);
  context.store.files.set(file.id, record);
  return record;
}

/**
 * Ends a file's processing: `processed`, or `error` with the hook's `status_details`.
 *
 * @param record - A file whose processing time has come.
 */
export function finishProcessing(record: FileRecord): void {
  if (record.file.status !== 'uploaded') return;
  if (record.processingError === null) {
    record.file.status = 'processed';
  } else {
    record.file.status = 'error';
    record.file.status_details = record.processingError;
  }
}

/** Reads `expires_after[anchor]` / `expires_after[seconds]` (multipart) or `expires_after` (JSON). */
export function readExpiresAfter(
  value: { anchor?: unknown; seconds?: unknown } | undefined,
): number | undefined {
  if (value === undefined || (value.anchor === undefined && value.seconds === undefined)) return undefined;
  if (value.anchor !== 'created_at') {
    throw invalidRequest(
      `Invalid value for 'expires_after.anchor': expected 'created_at', but got '${String(value.anchor)}' instead.`,
      'expires_after.anchor',
      'invalid_value',
    );
  }
  const seconds = Number(value.seconds);
  if (!Number.isInteger(seconds) || seconds < MIN_EXPIRY_SECONDS || seconds > MAX_EXPIRY_SECONDS) {
    throw invalidRequest(
      `Invalid 'expires_after.seconds': integer out of range. Expected a value between ${MIN_EXPIRY_SECONDS} and ${MAX_EXPIRY_SECONDS}, but got ${String(value.seconds)} instead.`,
      'expires_after.seconds',
      'integer_out_of_range',
    );
  }
  return seconds;
}

/** Reads a multipart body or answers 400. */
export function requireForm(request: RouteRequest): FormData {
  if (request.body.kind !== 'form') {
    throw invalidRequest(
      "Invalid Content-Type header (expected 'multipart/form-data'). This endpoint takes a multipart form.",
    );
  }
  return request.body.form;
}

async function createFile(context: SimulatorContext, request: RouteRequest) {
  const form = requireForm(request);
  const file = form.get('file');
  const purpose = form.get('purpose');
  if (file === null || typeof file === 'string') throw missingParameter('file');
  if (purpose === null || purpose === '') throw missingParameter('purpose');
  if (typeof purpose !== 'string' || !(FILE_PURPOSES as readonly string[]).includes(purpose)) {
    throw invalidRequest(
      `Invalid value for 'purpose': expected one of ${FILE_PURPOSES.map((item) => `'${item}'`).join(', ')}, but got '${String(purpose)}' instead.`,
      'purpose',
      'invalid_value',
    );
  }
  if (purpose === 'fine-tune' && !file.name.toLowerCase().endsWith('.jsonl')) {
    // Wording observed on the real API.
    throw invalidRequest('Invalid file format for Fine-Tuning API. Must be .jsonl', 'file');
  }
  if (file.size > context.options.limits.maxFileBytes) {
    throw invalidRequest(
      `File is too large: ${file.size} bytes; the maximum for a single upload is ${context.options.limits.maxFileBytes} bytes. Use the Uploads API for larger files.`,
      'file',
      'file_too_large',
    );
  }
  const expiresAfterSeconds = readExpiresAfter({
    anchor: form.get('expires_after[anchor]') ?? undefined,
    seconds: form.get('expires_after[seconds]') ?? undefined,
  });
  const chunks = [new Uint8Array(await file.arrayBuffer())];
  const record = storeFile(context, { filename: file.name, purpose, chunks, expiresAfterSeconds });
  return { json: record.file };
}

function listFiles(context: SimulatorContext, request: RouteRequest) {
  const order = request.query.get('order') ?? 'desc';
  if (order !== 'asc' && order !== 'desc') {
    throw invalidRequest(
      `Invalid value for 'order': expected one of 'asc', 'desc', but got '${order}' instead.`,
      'order',
      'invalid_value',
    );
  }
  const limit = readLimit(request.query, 10_000, 10_000);
  const purpose = request.query.get('purpose');
  const records = [...context.store.files.values()]
    .filter((record) => purpose === null || record.file.purpose === purpose)
    .sort((a, b) => a.file.created_at - b.file.created_at || a.sequence - b.sequence);
  if (order === 'desc') records.reverse();
  const files = records.map((record) => record.file);
  return { json: paginate(files, { after: request.query.get('after'), limit, withIds: true }) };
}

function fileContent(context: SimulatorContext, request: RouteRequest) {
  const record = requireFile(context, request.params.file_id ?? '');
  if (record.file.purpose === 'fine-tune') {
    // The API refuses to give uploaded training data back; result files are downloadable.
    throw invalidRequest('Not allowed to download files of purpose: fine-tune', null);
  }
  // The chunks are plain ArrayBuffer-backed arrays; TypeScript cannot tell from `Uint8Array`'s generic default.
  const body = new Blob(record.chunks as unknown as BlobPart[]);
  return { raw: body, headers: { 'content-type': 'application/octet-stream' } };
}

/** The `/files` routes. */
export const fileRoutes: readonly Route[] = [
  { method: 'POST', pattern: '/files', handle: createFile },
  { method: 'GET', pattern: '/files', handle: listFiles },
  {
    method: 'GET',
    pattern: '/files/:file_id',
    handle: (context, request) => ({ json: requireFile(context, request.params.file_id ?? '').file }),
  },
  {
    method: 'DELETE',
    pattern: '/files/:file_id',
    handle: (context, request) => {
      const record = requireFile(context, request.params.file_id ?? '');
      context.store.files.delete(record.file.id);
      return { json: { id: record.file.id, object: 'file', deleted: true } };
    },
  },
  { method: 'GET', pattern: '/files/:file_id/content', handle: fileContent },
];
