import { describe, expect, it } from 'vitest';
import { FinetuneKitError } from '../../src/errors.js';
import type { CallContext, FineTuningClient } from '../../src/job/client.js';
import { fetchResultFile } from '../../src/job/result-files.js';
import { resolveRetryOptions } from '../../src/job/retry.js';
import { VirtualClock } from './helpers/virtual-clock.js';

const csv =
  'step,train_loss,train_accuracy,valid_loss,valid_mean_token_accuracy\n1,3.63265,0.5,,\n2,2.45992,0.80952,,\n';

function context(bodies: (() => Response | Promise<Response>)[]): CallContext {
  let call = 0;
  const client = {
    files: {
      content: async () => {
        const next = bodies[Math.min(call, bodies.length - 1)];
        call += 1;
        if (!next) throw new Error('no body');
        return next();
      },
    },
  } as unknown as FineTuningClient;
  return { client, clock: new VirtualClock(), retry: resolveRetryOptions({ jitter: 0 }) };
}

describe('fetchResultFile', () => {
  it('decodes OpenAI’s base64 body', async () => {
    const file = await fetchResultFile(context([() => new Response(btoa(csv))]), 'file-res1');
    expect(file).toEqual({
      id: 'file-res1',
      content: csv,
      encoding: 'base64',
      jsonString: false,
      bytes: btoa(csv).length,
    });
  });

  it('keeps Azure’s plain CSV and strips a BOM', async () => {
    const file = await fetchResultFile(context([() => new Response(`\uFEFF${csv}`)]), 'file-res2');
    expect(file.content).toBe(csv);
    expect(file.encoding).toBe('plain');
  });

  it('retries a body that breaks off mid-download', async () => {
    const broken = () =>
      new Response(
        new ReadableStream({
          start(controller) {
            controller.enqueue(new TextEncoder().encode('c3RlcCx0cm'));
            controller.error(new TypeError('terminated'));
          },
        }),
      );
    const file = await fetchResultFile(context([broken, () => new Response(btoa(csv))]), 'file-res3');
    expect(file.content).toBe(csv);
  });

  it('refuses a body that is neither CSV nor base64 of one, quoting its start', async () => {
    const error = await fetchResultFile(
      context([() => new Response('<html>502 Bad Gateway</html>')]),
      'file-res4',
    ).catch((caught: unknown) => caught);
    expect(FinetuneKitError.isInstance(error)).toBe(true);
    expect((error as FinetuneKitError).code).toBe('unrecognized_result_file');
    expect((error as Error).message).toContain('file-res4');
    expect((error as Error).message).toContain('<html>502 Bad Gateway');
  });
});
