/**
 * Simulator helpers for the evaluation tests: a finished supervised job with a validation file,
 * and a client on the simulator that counts chat completion requests.
 */
import {
  createSimulator,
  type FineTuningSimulator,
  type SimulatorOptions,
} from '../../../src/testing/index.js';
import { chatLine, SUPPORT_PAIRS, simClient, uploadTrainingFile } from '../../testing/helpers/data.js';

/** `count` support examples; answers numbered so no two are the same. */
export function supportExamples(count: number, offset = 0): string {
  return `${Array.from({ length: count }, (_, index) => {
    const [question, answer] = SUPPORT_PAIRS[(index + offset) % SUPPORT_PAIRS.length]!;
    return chatLine(question, `${answer} (${index + offset})`);
  }).join('\n')}\n`;
}

/** Chat completion requests the simulator saw. */
export function chatRequests(sim: FineTuningSimulator): number {
  return sim.requests.filter((request) => request.path.endsWith('/chat/completions')).length;
}

/**
 * A simulator with one succeeded supervised job (training on `examples` support examples, validated
 * on the first `validation` of them, so a model that learned its data can answer them).
 */
export async function finishedJob(
  options: SimulatorOptions = {},
  {
    examples = 12,
    validation = 8,
    epochs = 3,
  }: { examples?: number; validation?: number; epochs?: number } = {},
) {
  const sim = createSimulator({ clock: 'manual', seed: 7, ...options });
  const client = simClient(sim);
  const training = supportExamples(examples);
  const validationText = supportExamples(validation);
  const trainingFile = (await uploadTrainingFile(sim, client, training, 'train.jsonl')).id;
  const validationFile = (await uploadTrainingFile(sim, client, validationText, 'valid.jsonl')).id;
  const job = await client.fineTuning.jobs.create(
    {
      model: 'gpt-4o-mini',
      training_file: trainingFile,
      validation_file: validationFile,
      suffix: 'eval',
      method: { type: 'supervised', supervised: { hyperparameters: { n_epochs: epochs } } },
    },
    { maxRetries: 0 },
  );
  sim.advanceJob(job.id, { to: 'succeeded' });
  const finished = await client.fineTuning.jobs.retrieve(job.id);
  return { sim, client, job: finished, validationText };
}
