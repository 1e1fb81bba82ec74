/** Simulator helpers for the metrics tests: chat data and a job with a validation file. */
import {
  createSimulator,
  type FineTuningSimulator,
  type SimulatorOptions,
} from '../../../src/testing/index.js';
import { chatLine, SUPPORT_PAIRS, simClient, uploadTrainingFile } from '../../testing/helpers/data.js';

/** A chat JSONL file with `count` examples, each answer numbered so that no two are the same. */
export function chatJsonl(count: number): string {
  return `${Array.from({ length: count }, (_, index) => {
    const [question, answer] = SUPPORT_PAIRS[index % SUPPORT_PAIRS.length]!;
    return chatLine(question, `${answer} (${index})`);
  }).join('\n')}\n`;
}

/** Uploads a file, lets the simulated processing finish, and returns its id. */
export async function upload(...args: Parameters<typeof uploadTrainingFile>): Promise<string> {
  return (await uploadTrainingFile(...args)).id;
}

/** A simulator with one supervised job (20 training, 6 validation examples, 3 epochs → 60 steps). */
export async function simulatedJob(options: SimulatorOptions = {}, metadata?: Record<string, string>) {
  const sim = createSimulator({ clock: 'manual', seed: 11, training: { validationEvery: 5 }, ...options });
  const client = simClient(sim);
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

/**
 * Serves `body` as the result file of a finished job. The simulator writes its own result file, so
 * tests that need unusual columns store theirs with `addFile` and point the job at it.
 */
export function serveResultFile(sim: FineTuningSimulator, jobId: string, body: string | Uint8Array): string {
  const file = sim.addFile({ filename: 'step_metrics.csv', content: body, purpose: 'fine-tune-results' });
  const job = sim.getJob(jobId);
  if (!job) throw new Error(`serveResultFile: no simulated job ${jobId}`);
  job.result_files = [file.id];
  return file.id;
}
