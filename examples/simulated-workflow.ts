/**
 * The whole workflow as a library user writes it, run against the built-in simulator: validate and
 * price the data, create a job from a local path, follow it, analyse the metrics, pick a checkpoint,
 * chat with the model, and delete it.
 *
 * Run: npx tsx examples/simulated-workflow.ts [path/to/train.jsonl]
 * For the real API, replace the simulator client with `new OpenAI()` and drop `clock`.
 */
import OpenAI from 'openai';
import { Dataset, FineTuneJob } from '../src/index.js';
import { createSimulator } from '../src/testing/index.js';

const trainingPath = process.argv[2] ?? new URL('./data/chat-support.jsonl', import.meta.url).pathname;

// 1. Validate and price.
const report = await Dataset.fromFile(trainingPath).validate({ model: 'gpt-4o-mini' });
console.log(`format ${report.format}, ${report.examples} examples, ${report.tokens.total} tokens`);
console.log(report.estimate.note);
if (!report.ok) {
  for (const issue of report.issues.filter((item) => item.severity === 'error')) {
    console.error(`line ${issue.line}: ${issue.code}: ${issue.message}`);
  }
  process.exit(1);
}

// 2. A simulated API. `clock: sim.clock` makes every wait advance simulated time at once.
const sim = createSimulator({ seed: 42 });
const client = new OpenAI({ apiKey: 'sk-sim', baseURL: sim.baseURL, fetch: sim.fetch, maxRetries: 0 });

// 3. Create from a local path (validated, uploaded, waited for) and follow.
const job = await FineTuneJob.create(
  client,
  {
    model: 'gpt-4o-mini',
    training_file: trainingPath,
    suffix: 'support',
    method: { type: 'supervised', supervised: { hyperparameters: { n_epochs: 3 } } },
  },
  { clock: sim.clock },
);
job.on('status', ({ previous, status }) => console.log(`status: ${previous ?? '-'} → ${status}`));
job.on('checkpoint', (checkpoint) => console.log(`checkpoint: ${checkpoint.fine_tuned_model_checkpoint}`));
let lastStep = 0;
job.on('metrics', (point) => {
  if (point.step - lastStep >= 20 || point.step === point.totalSteps) {
    lastStep = point.step;
    console.log(`step ${point.step}/${point.totalSteps} train_loss ${point.train_loss?.toFixed(3)}`);
  }
});
const finished = await job.wait();
console.log(`model: ${finished.fine_tuned_model}, trained tokens: ${finished.trained_tokens}`);

// 4. Analyse.
const metrics = await job.metrics();
console.log(metrics.toTerminalChart({ width: 60, height: 10 }));
for (const finding of metrics.diagnose())
  console.log(`${finding.severity} ${finding.code}: ${finding.message}`);
const advice = metrics.bestCheckpoint(await job.checkpoints());
console.log(`best checkpoint: ${advice.best?.model ?? 'none'}`);

// 5. Use the model, then clean up.
const answer = await client.chat.completions.create({
  model: finished.fine_tuned_model ?? '',
  messages: [{ role: 'user', content: 'How do I reset my password?' }],
});
console.log(`chat: ${answer.choices[0]?.message.content}`);
await job.deleteModel();
console.log('model deleted');
