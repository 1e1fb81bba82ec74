import OpenAI, { toFile } from 'openai';
import { describe, expect, it } from 'vitest';
import { md5Hex } from '../../../src/internal/md5.js';
import { createSimulator } from '../../../src/testing/index.js';
import { simClient, supportJsonl } from '../helpers/data.js';

const encoder = new TextEncoder();

async function startUpload(text: string, options: Parameters<typeof createSimulator>[0] = {}) {
  const sim = createSimulator({ clock: 'manual', ...options });
  const client = simClient(sim);
  const data = encoder.encode(text);
  const upload = await client.uploads.create({
    bytes: data.byteLength,
    filename: 'train.jsonl',
    mime_type: 'text/jsonl',
    purpose: 'fine-tune',
  });
  return { sim, client, data, upload };
}

describe('/uploads', () => {
  it('creates a pending Upload that expires an hour later', async () => {
    const { sim, client, upload } = await startUpload(supportJsonl(12));
    expect(upload).toMatchObject({
      object: 'upload',
      status: 'pending',
      file: null,
      filename: 'train.jsonl',
    });
    expect(upload.id).toMatch(/^upload_[A-Za-z0-9]{24}$/);
    expect(upload.expires_at).toBe(upload.created_at + 3600);
    sim.clock.advance(3_600_000);
    const part = await client.uploads.parts
      .create(upload.id, { data: await toFile(encoder.encode('x'), 'part') })
      .catch((error: unknown) => error);
    expect(part).toBeInstanceOf(OpenAI.BadRequestError);
    expect((part as InstanceType<typeof OpenAI.BadRequestError>).code).toBe('upload_expired');
  });

  it('assembles parts in the order of part_ids (sent out of order), checks md5 and makes a file', async () => {
    const text = supportJsonl(12);
    const { sim, client, data, upload } = await startUpload(text);
    const cut = [0, 1000, 2500, data.byteLength];
    const slices = [0, 1, 2].map((index) => data.slice(cut[index], cut[index + 1]));
    const parts = await Promise.all(
      [2, 0, 1].map(async (index) => ({
        index,
        part: await client.uploads.parts.create(upload.id, {
          data: await toFile(slices[index]!, `part-${index}`),
        }),
      })),
    );
    const ordered = parts.sort((a, b) => a.index - b.index).map(({ part }) => part);
    expect(ordered[0]).toMatchObject({ object: 'upload.part', upload_id: upload.id });
    expect(ordered[0]?.id).toMatch(/^part_[A-Za-z0-9]{24}$/);
    const completed = await client.uploads.complete(upload.id, {
      part_ids: ordered.map((part) => part.id),
      md5: md5Hex([data]),
    });
    expect(completed.status).toBe('completed');
    expect(completed.file).toMatchObject({
      object: 'file',
      purpose: 'fine-tune',
      bytes: data.byteLength,
      filename: 'train.jsonl',
    });
    expect(new TextDecoder().decode(sim.getFileContent(completed.file!.id))).toBe(text);
    const again = await client.uploads.complete(upload.id, { part_ids: [] }).catch((error: unknown) => error);
    expect((again as InstanceType<typeof OpenAI.BadRequestError>).code).toBe('upload_completed');
  });

  it('refuses to complete with the wrong byte count or md5, and accepts a retry with the right ones', async () => {
    const { client, data, upload } = await startUpload(supportJsonl(12));
    const half = await client.uploads.parts.create(upload.id, {
      data: await toFile(data.slice(0, 100), 'a'),
    });
    const short = await client.uploads
      .complete(upload.id, { part_ids: [half.id] })
      .catch((error: unknown) => error);
    expect((short as InstanceType<typeof OpenAI.BadRequestError>).code).toBe('upload_bytes_mismatch');
    const rest = await client.uploads.parts.create(upload.id, { data: await toFile(data.slice(100), 'b') });
    const badMd5 = await client.uploads
      .complete(upload.id, { part_ids: [half.id, rest.id], md5: 'd41d8cd98f00b204e9800998ecf8427e' })
      .catch((error: unknown) => error);
    expect((badMd5 as InstanceType<typeof OpenAI.BadRequestError>).code).toBe('upload_md5_mismatch');
    const swapped = await client.uploads
      .complete(upload.id, { part_ids: [rest.id, half.id], md5: md5Hex([data]) })
      .catch((error: unknown) => error);
    expect((swapped as InstanceType<typeof OpenAI.BadRequestError>).code).toBe('upload_md5_mismatch');
    const done = await client.uploads.complete(upload.id, {
      part_ids: [half.id, rest.id],
      md5: md5Hex([data]),
    });
    expect(done.status).toBe('completed');
  });

  it('cancels a pending Upload, after which parts are refused', async () => {
    const { client, upload } = await startUpload(supportJsonl(12));
    expect((await client.uploads.cancel(upload.id)).status).toBe('cancelled');
    const part = await client.uploads.parts
      .create(upload.id, { data: await toFile(encoder.encode('x'), 'x') })
      .catch((error: unknown) => error);
    expect((part as InstanceType<typeof OpenAI.BadRequestError>).code).toBe('upload_cancelled');
  });

  it('checks the declared size, the part size, the purpose and the file name', async () => {
    const sim = createSimulator({ clock: 'manual', limits: { maxUploadBytes: 1000, maxPartBytes: 10 } });
    const client = simClient(sim);
    const create = (body: Record<string, unknown>) =>
      client.uploads
        .create({
          bytes: 100,
          filename: 'a.jsonl',
          mime_type: 'text/jsonl',
          purpose: 'fine-tune',
          ...body,
        } as never)
        .catch((error: unknown) => error as InstanceType<typeof OpenAI.APIError>);
    expect(((await create({ bytes: 1001 })) as InstanceType<typeof OpenAI.APIError>).code).toBe(
      'upload_too_large',
    );
    expect(((await create({ purpose: 'user_data' })) as InstanceType<typeof OpenAI.APIError>).param).toBe(
      'purpose',
    );
    expect(((await create({ filename: 'a.csv' })) as InstanceType<typeof OpenAI.APIError>).message).toContain(
      'Must be .jsonl',
    );
    expect(
      ((await create({ mime_type: undefined })) as InstanceType<typeof OpenAI.APIError>).message,
    ).toContain("Missing required parameter: 'mime_type'.");
    const upload = await client.uploads.create({
      bytes: 100,
      filename: 'a.jsonl',
      mime_type: 'text/jsonl',
      purpose: 'fine-tune',
    });
    const big = await client.uploads.parts
      .create(upload.id, { data: await toFile(encoder.encode('x'.repeat(11)), 'p') })
      .catch((error: unknown) => error);
    expect((big as InstanceType<typeof OpenAI.BadRequestError>).code).toBe('part_too_large');
    const missing = await client.uploads.cancel('upload_nope').catch((error: unknown) => error);
    expect(missing).toBeInstanceOf(OpenAI.NotFoundError);
  });
});
