import OpenAI, { toFile } from 'openai';
import { describe, expect, it } from 'vitest';
import { createSimulator } from '../../../src/testing/index.js';
import { simClient, supportJsonl } from '../helpers/data.js';

const bytes = (text: string) => new TextEncoder().encode(text);

describe('/files', () => {
  it('uploads a multipart file: uploaded, then processed after the processing delay', async () => {
    const sim = createSimulator({ clock: 'manual' });
    const client = simClient(sim);
    const text = supportJsonl(12);
    const file = await client.files.create({
      file: await toFile(bytes(text), 'train.jsonl'),
      purpose: 'fine-tune',
    });
    expect(file).toEqual({
      object: 'file',
      id: expect.stringMatching(/^file-[A-Za-z0-9]{22}$/),
      purpose: 'fine-tune',
      filename: 'train.jsonl',
      bytes: bytes(text).byteLength,
      created_at: sim.clock.nowSeconds(),
      status: 'uploaded',
    });
    sim.clock.advance(1999);
    expect((await client.files.retrieve(file.id)).status).toBe('uploaded');
    sim.clock.advance(1);
    expect((await client.files.retrieve(file.id)).status).toBe('processed');
    expect(new TextDecoder().decode(sim.getFileContent(file.id))).toBe(text);
  });

  it('sets expires_at from expires_after and checks its range', async () => {
    const sim = createSimulator({ clock: 'manual' });
    const client = simClient(sim);
    const file = await client.files.create({
      file: await toFile(bytes(supportJsonl(10)), 'train.jsonl'),
      purpose: 'fine-tune',
      expires_after: { anchor: 'created_at', seconds: 7200 },
    });
    expect(file.expires_at).toBe(file.created_at + 7200);
    sim.clock.advance(7_199_000);
    await expect(client.files.retrieve(file.id)).resolves.toMatchObject({ id: file.id });
    sim.clock.advance(1000);
    await expect(client.files.retrieve(file.id)).rejects.toBeInstanceOf(OpenAI.NotFoundError);
    const error = await client.files
      .create({
        file: await toFile(bytes(supportJsonl(10)), 'train.jsonl'),
        purpose: 'fine-tune',
        expires_after: { anchor: 'created_at', seconds: 60 },
      })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect((error as InstanceType<typeof OpenAI.BadRequestError>).param).toBe('expires_after.seconds');
  });

  it('refuses a fine-tune file that is not .jsonl, an unknown purpose, and a file over the size limit', async () => {
    const sim = createSimulator({ clock: 'manual', limits: { maxFileBytes: 100 } });
    const client = simClient(sim);
    const csv = await client.files
      .create({ file: await toFile(bytes('a,b'), 'train.csv'), purpose: 'fine-tune' })
      .catch((caught: unknown) => caught);
    expect((csv as InstanceType<typeof OpenAI.APIError>).error).toEqual({
      message: 'Invalid file format for Fine-Tuning API. Must be .jsonl',
      type: 'invalid_request_error',
      param: 'file',
      code: null,
    });
    const purpose = await client.files
      .create({ file: await toFile(bytes('{}'), 'x.jsonl'), purpose: 'training' as 'fine-tune' })
      .catch((caught: unknown) => caught);
    expect((purpose as InstanceType<typeof OpenAI.APIError>).param).toBe('purpose');
    const large = await client.files
      .create({ file: await toFile(bytes(supportJsonl(12)), 'big.jsonl'), purpose: 'fine-tune' })
      .catch((caught: unknown) => caught);
    expect((large as InstanceType<typeof OpenAI.APIError>).code).toBe('file_too_large');
  });

  it('lists newest first by default, ascending with order=asc, filters by purpose and pages with after', async () => {
    const sim = createSimulator({ clock: 'manual' });
    const client = simClient(sim);
    const ids: string[] = [];
    for (const [index, purpose] of (['fine-tune', 'batch', 'fine-tune', 'fine-tune'] as const).entries()) {
      const file = await client.files.create({
        file: await toFile(bytes('{}\n'), `f${index}.jsonl`),
        purpose,
      });
      ids.push(file.id);
      // Two uploads in the same second keep their upload order.
      if (index % 2 === 1) sim.clock.advance(1000);
    }
    const page = await client.files.list();
    expect(page.data.map((file) => file.id)).toEqual([...ids].reverse());
    const asc = await client.files.list({ order: 'asc', limit: 2 });
    expect(asc.data.map((file) => file.id)).toEqual(ids.slice(0, 2));
    expect(asc.has_more).toBe(true);
    const fineTune: string[] = [];
    for await (const file of client.files.list({ purpose: 'fine-tune', limit: 1 })) fineTune.push(file.id);
    expect(fineTune).toEqual([ids[3], ids[2], ids[0]]);
    const raw = (await (
      await sim.fetch(`${sim.baseURL}/files?limit=2`, { headers: { authorization: 'Bearer sk' } })
    ).json()) as Record<string, unknown>;
    expect(raw).toMatchObject({ object: 'list', has_more: true, first_id: ids[3], last_id: ids[2] });
  });

  it('deletes a file (then 404) and refuses to download training data but serves result files', async () => {
    const sim = createSimulator({ clock: 'manual' });
    const client = simClient(sim);
    const file = sim.addFile({ filename: 'train.jsonl', content: supportJsonl(12) });
    const content = await client.files.content(file.id).catch((caught: unknown) => caught);
    expect((content as InstanceType<typeof OpenAI.APIError>).message).toContain(
      'Not allowed to download files of purpose: fine-tune',
    );
    expect(await client.files.delete(file.id)).toEqual({ id: file.id, object: 'file', deleted: true });
    const gone = await client.files.retrieve(file.id).catch((caught: unknown) => caught);
    expect(gone).toBeInstanceOf(OpenAI.NotFoundError);
    expect((gone as InstanceType<typeof OpenAI.NotFoundError>).error).toEqual({
      message: `No such File object: ${file.id}`,
      type: 'invalid_request_error',
      param: 'id',
      code: null,
    });
    const result = sim.addFile({
      filename: 'step_metrics.csv',
      content: 'c3RlcCx0cmFpbl9sb3Nz',
      purpose: 'fine-tune-results',
    });
    const response = await client.files.content(result.id);
    expect(response.headers.get('content-type')).toBe('application/octet-stream');
    expect(await response.text()).toBe('c3RlcCx0cmFpbl9sb3Nz');
  });

  it('ends a file in status error with status_details when the fileProcessing hook says so', async () => {
    const seen: { filename: string; purpose: string; bytes: number; firstLine: string }[] = [];
    const sim = createSimulator({
      clock: 'manual',
      fileProcessing: (file) => {
        seen.push({
          filename: file.filename,
          purpose: file.purpose,
          bytes: file.bytes,
          firstLine: file.text.split('\n')[0] ?? '',
        });
        return file.filename === 'corrupt.jsonl' ? 'Invalid file format: line 3 is not valid JSON.' : null;
      },
    });
    const client = simClient(sim);
    const text = supportJsonl(12);
    const corrupt = await client.files.create({
      file: await toFile(bytes(text), 'corrupt.jsonl'),
      purpose: 'fine-tune',
    });
    const good = await client.files.create({
      file: await toFile(bytes(text), 'good.jsonl'),
      purpose: 'fine-tune',
    });
    expect(corrupt.status).toBe('uploaded');
    expect(corrupt).not.toHaveProperty('status_details');
    sim.clock.advance(sim.options.timing.fileProcessingMs);
    expect(await client.files.retrieve(corrupt.id)).toMatchObject({
      status: 'error',
      status_details: 'Invalid file format: line 3 is not valid JSON.',
    });
    expect((await client.files.retrieve(good.id)).status).toBe('processed');
    expect(seen).toEqual([
      {
        filename: 'corrupt.jsonl',
        purpose: 'fine-tune',
        bytes: bytes(text).byteLength,
        firstLine: text.split('\n')[0],
      },
      {
        filename: 'good.jsonl',
        purpose: 'fine-tune',
        bytes: bytes(text).byteLength,
        firstLine: text.split('\n')[0],
      },
    ]);
    // A job cannot use it, and runUntilIdle does not wait for it.
    const error = await client.fineTuning.jobs
      .create({ model: 'gpt-4o-mini', training_file: corrupt.id })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect(error).toMatchObject({
      param: 'training_file',
      message: expect.stringContaining(
        `File ${corrupt.id} failed processing and cannot be used for fine-tuning: Invalid file format`,
      ),
    });
    expect(sim.runUntilIdle()).toBe(sim.clock.now());
    // sim.addFile goes through the hook too (processed at once), result files never do.
    expect(sim.addFile({ filename: 'corrupt.jsonl', content: text })).toMatchObject({
      status: 'error',
      status_details: 'Invalid file format: line 3 is not valid JSON.',
    });
  });

  it('answers 500 simulator_error when the fileProcessing hook returns something else than a reason', async () => {
    const sim = createSimulator({ clock: 'manual', fileProcessing: () => 42 as never });
    const response = await sim.fetch(`${sim.baseURL}/files`, {
      method: 'POST',
      headers: { authorization: 'Bearer sk-sim' },
      body: (() => {
        const form = new FormData();
        form.set('file', new File([supportJsonl(10)], 'train.jsonl'));
        form.set('purpose', 'fine-tune');
        return form;
      })(),
    });
    expect(response.status).toBe(500);
    expect(response.headers.get('x-should-retry')).toBe('false');
    expect(((await response.json()) as { error: { message: string } }).error.message).toContain(
      'options.fileProcessing must return a non-empty string, null or undefined, got 42.',
    );
    expect(() => createSimulator({ fileProcessing: 'error' as never })).toThrow(
      /options.fileProcessing must be a function/,
    );
  });
});
