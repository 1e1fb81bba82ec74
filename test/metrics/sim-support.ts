/** Simulator helpers for the metrics tests: clients and a job with a validation file. */
import OpenAI, { AzureOpenAI, toFile } from 'openai';
import { createSimulator, type FineTuningSimulator, type SimulatorOptions } from '../../src/testing/index.js';

const SYSTEM = 'You are Pip, the support assistant of Larkspur Bikes. Answer briefly and kindly.';
const PAIRS: readonly (readonly [string, string])[] = [
  ['How do I reset my bike computer?', 'Hold the MODE button for 8 seconds until the screen blinks.'],
  ['What is your return policy?', 'Unused items can be returned within 30 days with the receipt.'],
  ['Do you ship to Canada?', 'Yes. Delivery to Canada takes 5 to 8 business days.'],
  ['My chain keeps slipping.', 'A worn chain or cassette is likely. Bring it in for a free check.'],
  ['How often should I service my e-bike?', 'Every 1,000 km or once a year, whichever comes first.'],
  ['Where is my order?', 'Use the tracking link in your shipping email.'],
];

/** A chat JSONL file with `count` examples. */
export function chatJsonl(count: number): string {
  return `${Array.from({ length: count }, (_, index) => {
    const [question, answer] = PAIRS[index % PAIRS.length] as readonly [string, string];
    return JSON.stringify({
      messages: [
        { role: 'system', content: SYSTEM },
        { role: 'user', content: question },
        { role: 'assistant', content: `${answer} (${index})` },
      ],
    });
  }).join('\n')}\n`;
}

/** An `OpenAI` client on the simulator (no SDK retries). */
export function openaiClient(sim: FineTuningSimulator): OpenAI {
  return new OpenAI({ apiKey: 'sk-sim-metrics', baseURL: sim.baseURL, fetch: sim.fetch, maxRetries: 0 });
}

/** An `AzureOpenAI` client on the simulator. */
export function azureClient(sim: FineTuningSimulator): AzureOpenAI {
  return new AzureOpenAI({
    endpoint: sim.azureEndpoint,
    apiKey: 'azure-sim-key',
    apiVersion: '2025-04-01-preview',
    fetch: sim.fetch,
    maxRetries: 0,
  });
}

/** Uploads a file and lets the simulated processing finish. */
export async function upload(
  sim: FineTuningSimulator,
  client: OpenAI,
  text: string,
  name: string,
): Promise<string> {
  const file = await client.files.create({
    file: await toFile(new TextEncoder().encode(text), name),
    purpose: 'fine-tune',
  });
  sim.clock.advance(sim.options.timing.fileProcessingMs);
  return file.id;
}

/** A simulator with one supervised job (20 training, 6 validation examples, 3 epochs → 60 steps). */
export async function simulatedJob(options: SimulatorOptions = {}, metadata?: Record<string, string>) {
  const sim = createSimulator({ seed: 11, training: { validationEvery: 5 }, ...options });
  const client = openaiClient(sim);
  const trainingFile = await upload(sim, client, chatJsonl(20), 'train.jsonl');
  const validationFile = await upload(sim, client, chatJsonl(6), 'valid.jsonl');
  const job = await client.fineTuning.jobs.create(
    {
      model: 'gpt-4o-mini',
      training_file: trainingFile,
      validation_file: validationFile,
      suffix: 'pip',
      method: { type: 'supervised', supervised: { hyperparameters: { n_epochs: 3 } } },
      ...(metadata ? { metadata } : {}),
    },
    { maxRetries: 0 },
  );
  return { sim, client, jobId: job.id, trainingFile, validationFile };
}
