/**
 * `/uploads`: create, add parts (multipart `data`), complete (ordered `part_ids`, byte count and
 * optional md5 checked) and cancel; pending Uploads expire an hour after creation.
 *
 * @module
 */

import { md5Hex } from '../../internal/md5.js';
import { invalidRequest, missingParameter, notFound } from '../api-error.js';
import type { Route, RouteRequest, SimulatorContext } from '../context.js';
import type { UploadPartRecord, UploadRecord } from '../store.js';
import type { SimulatedUpload } from '../wire-types.js';
import { readExpiresAfter, requireForm, storeFile } from './files.js';
import { requireJson } from './jobs.js';

/** Purposes an Upload accepts (spec `CreateUploadRequest.purpose`). */
const UPLOAD_PURPOSES = ['assistants', 'batch', 'fine-tune', 'vision'] as const;

function requireUpload(context: SimulatorContext, uploadId: string): UploadRecord {
  const record = context.store.uploads.get(uploadId);
  if (!record) throw notFound(`No such Upload object: ${uploadId}`, 'upload_id');
  return record;
}

function requirePending(record: UploadRecord, action: string): void {
  const { status, id } = record.upload;
  if (status !== 'pending') {
    throw invalidRequest(`Cannot ${action} Upload ${id}: it is ${status}.`, 'upload_id', `upload_${status}`);
  }
}

function createUpload(context: SimulatorContext, request: RouteRequest) {
  const body = requireJson(request);
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw invalidRequest(`${JSON.stringify(body)} is not of type 'object'`);
  }
  const input = body as Record<string, unknown>;
  for (const key of Object.keys(input)) {
    if (!['bytes', 'filename', 'mime_type', 'purpose', 'expires_after'].includes(key)) {
      throw invalidRequest(`Unrecognized request argument supplied: ${key}`, key);
    }
  }
  for (const key of ['filename', 'purpose', 'bytes', 'mime_type']) {
    if (input[key] === undefined || input[key] === null || input[key] === '') throw missingParameter(key);
  }
  const { filename, purpose, bytes, mime_type: mimeType } = input;
  if (typeof filename !== 'string')
    throw invalidRequest(`Invalid type for 'filename': expected a string.`, 'filename', 'invalid_type');
  if (typeof mimeType !== 'string')
    throw invalidRequest(`Invalid type for 'mime_type': expected a string.`, 'mime_type', 'invalid_type');
  if (typeof purpose !== 'string' || !(UPLOAD_PURPOSES as readonly string[]).includes(purpose)) {
    throw invalidRequest(
      `Invalid value for 'purpose': expected one of ${UPLOAD_PURPOSES.map((item) => `'${item}'`).join(', ')}, but got '${String(purpose)}' instead.`,
      'purpose',
      'invalid_value',
    );
  }
  if (typeof bytes !== 'number' || !Number.isInteger(bytes) || bytes < 1) {
    throw invalidRequest(
      `Invalid 'bytes': expected a positive integer, but got ${JSON.stringify(bytes)} instead.`,
      'bytes',
    );
  }
  if (bytes > context.options.limits.maxUploadBytes) {
    throw invalidRequest(
      `Invalid 'bytes': ${bytes} exceeds the maximum Upload size of ${context.options.limits.maxUploadBytes} bytes.`,
      'bytes',
      'upload_too_large',
    );
  }
  if (purpose === 'fine-tune' && !filename.toLowerCase().endsWith('.jsonl')) {
    throw invalidRequest('Invalid file format for Fine-Tuning API. Must be .jsonl', 'filename');
  }
  const expiresAfter = input.expires_after as { anchor?: unknown; seconds?: unknown } | undefined;
  const fileExpiresAfter = readExpiresAfter(expiresAfter ?? undefined);
  const now = context.clock.now();
  const expiresAtMs = now + context.options.timing.uploadExpiryMs;
  const upload: SimulatedUpload = {
    id: context.newId('upload_', 24),
    object: 'upload',
    bytes,
    created_at: Math.floor(now / 1000),
    filename,
    purpose,
    status: 'pending',
    expires_at: Math.floor(expiresAtMs / 1000),
    file: null,
  };
  const record: UploadRecord = {
    upload,
    mimeType,
    parts: new Map(),
    expiresAtMs,
    fileExpiresAfterSeconds: fileExpiresAfter,
  };
  context.store.uploads.set(upload.id, record);
  return { json: upload };
}

async function addPart(context: SimulatorContext, request: RouteRequest) {
  const record = requireUpload(context, request.params.upload_id ?? '');
  const form = requireForm(request);
  const data = form.get('data');
  if (data === null) throw missingParameter('data');
  requirePending(record, 'add a Part to');
  const bytes =
    typeof data === 'string' ? new TextEncoder().encode(data) : new Uint8Array(await data.arrayBuffer());
  if (bytes.byteLength > context.options.limits.maxPartBytes) {
    throw invalidRequest(
      `Part is too large: ${bytes.byteLength} bytes; each Part can be at most ${context.options.limits.maxPartBytes} bytes.`,
      'data',
      'part_too_large',
    );
  }
  const now = context.clock.now();
  const part: UploadPartRecord = { id: context.newId('part_', 24), createdAt: now, data: bytes };
  record.parts.set(part.id, part);
  return {
    json: {
      id: part.id,
      object: 'upload.part',
      created_at: Math.floor(now / 1000),
      upload_id: record.upload.id,
    },
  };
}

function completeUpload(context: SimulatorContext, request: RouteRequest) {
  const record = requireUpload(context, request.params.upload_id ?? '');
  const body = requireJson(request) as { part_ids?: unknown; md5?: unknown } | null;
  if (body === null || typeof body !== 'object') throw missingParameter('part_ids');
  const partIds = body.part_ids;
  if (!Array.isArray(partIds) || partIds.some((id) => typeof id !== 'string')) {
    throw partIds === undefined
      ? missingParameter('part_ids')
      : invalidRequest(`Invalid 'part_ids': expected an array of strings.`, 'part_ids', 'invalid_type');
  }
  requirePending(record, 'complete');
  if (new Set(partIds).size !== partIds.length) {
    throw invalidRequest(`Invalid 'part_ids': each Part can be listed only once.`, 'part_ids');
  }
  const parts = (partIds as string[]).map((id) => {
    const part = record.parts.get(id);
    if (!part) throw invalidRequest(`Part ${id} does not belong to Upload ${record.upload.id}.`, 'part_ids');
    return part;
  });
  const total = parts.reduce((sum, part) => sum + part.data.byteLength, 0);
  if (total !== record.upload.bytes) {
    throw invalidRequest(
      `The number of bytes uploaded (${total}) does not match the number of bytes the Upload was created with (${record.upload.bytes}).`,
      'part_ids',
      'upload_bytes_mismatch',
    );
  }
  const chunks = parts.map((part) => part.data);
  if (body.md5 !== undefined && body.md5 !== null) {
    const actual = md5Hex(chunks);
    if (typeof body.md5 !== 'string' || body.md5.toLowerCase() !== actual) {
      throw invalidRequest(
        `The md5 checksum of the uploaded bytes (${actual}) does not match the md5 given (${String(body.md5)}).`,
        'md5',
        'upload_md5_mismatch',
      );
    }
  }
  const file = storeFile(context, {
    filename: record.upload.filename,
    purpose: record.upload.purpose,
    chunks,
    expiresAfterSeconds: record.fileExpiresAfterSeconds,
  }).file;
  record.upload.status = 'completed';
  record.upload.file = file;
  // The parts now live in the file; drop the upload's references so memory is held once.
  record.parts.clear();
  return { json: record.upload };
}

function cancelUpload(context: SimulatorContext, request: RouteRequest) {
  const record = requireUpload(context, request.params.upload_id ?? '');
  requirePending(record, 'cancel');
  record.upload.status = 'cancelled';
  record.parts.clear();
  return { json: record.upload };
}

/** The `/uploads` routes. */
export const uploadRoutes: readonly Route[] = [
  { method: 'POST', pattern: '/uploads', handle: createUpload },
  { method: 'POST', pattern: '/uploads/:upload_id/parts', handle: addPart },
  { method: 'POST', pattern: '/uploads/:upload_id/complete', handle: completeUpload },
  { method: 'POST', pattern: '/uploads/:upload_id/cancel', handle: cancelUpload },
];
