/**
 * Realistic training data for the simulator tests: a small customer-support chat set in the
 * format OpenAI documents, plus helpers to build clients against a simulator.
 */
import OpenAI, { AzureOpenAI, toFile } from 'openai';
import { createSimulator, type FineTuningSimulator } from '../../../src/testing/index.js';

const SYSTEM = 'You are Pip, the support assistant of Larkspur Bikes. Answer briefly and kindly.';

/** Question/answer pairs; each becomes one chat example. */
export const SUPPORT_PAIRS: readonly (readonly [string, string])[] = [
  [
    'How do I reset my bike computer?',
    'Hold the MODE button for 8 seconds until the screen blinks, then release it.',
  ],
  [
    'What is your return policy?',
    'You can return any unused item within 30 days with the receipt for a full refund.',
  ],
  ['Do you ship to Canada?', 'Yes, we ship to Canada. Delivery takes 5 to 8 business days.'],
  [
    'My chain keeps slipping, what should I do?',
    'A slipping chain usually means a worn chain or cassette. Bring it in for a free check.',
  ],
  ['How often should I service my e-bike?', 'Every 1,000 km or once a year, whichever comes first.'],
  [
    'Can I change my order after paying?',
    'Yes, within 2 hours of ordering. Reply to your confirmation email with the change.',
  ],
  ['Where is my order?', 'Use the tracking link in your shipping email. It updates every few hours.'],
  [
    'What tyre pressure do you recommend for city riding?',
    'For 35 mm city tyres, 50 to 60 psi is a good range.',
  ],
  ['Do you offer student discounts?', 'Yes, students get 10% off with a valid student email at checkout.'],
  [
    'How long does the battery last?',
    'The 500 Wh battery lasts about 80 km in eco mode and 45 km in turbo mode.',
  ],
  [
    'Can I rent a bike for the weekend?',
    'Yes, weekend rentals start at 45 euros. Book online or call the shop.',
  ],
  [
    'Is the warranty transferable?',
    'The frame warranty transfers to a second owner with the original receipt.',
  ],
];

/** One chat example line. */
export function chatLine(question: string, answer: string): string {
  return JSON.stringify({
    messages: [
      { role: 'system', content: SYSTEM },
      { role: 'user', content: question },
      { role: 'assistant', content: answer },
    ],
  });
}

/** A JSONL training file with the first `count` pairs (cycling when more are asked for). */
export function supportJsonl(count = SUPPORT_PAIRS.length): string {
  const lines: string[] = [];
  for (let index = 0; index < count; index++) {
    const pair = SUPPORT_PAIRS[index % SUPPORT_PAIRS.length]!;
    lines.push(chatLine(pair[0], index < SUPPORT_PAIRS.length ? pair[1] : `${pair[1]} (${index})`));
  }
  return `${lines.join('\n')}\n`;
}

/** A JSONL preference (DPO) file. */
export function preferenceJsonl(count: number): string {
  const lines: string[] = [];
  for (let index = 0; index < count; index++) {
    const [question, answer] = SUPPORT_PAIRS[index % SUPPORT_PAIRS.length]!;
    lines.push(
      JSON.stringify({
        input: { messages: [{ role: 'user', content: question }] },
        preferred_output: [{ role: 'assistant', content: answer }],
        non_preferred_output: [{ role: 'assistant', content: 'I do not know.' }],
      }),
    );
  }
  return `${lines.join('\n')}\n`;
}

/** Trail-planning questions with a numeric reference answer, as reinforcement data. */
const RFT_PROBLEMS: readonly (readonly [string, string])[] = [
  ['A tent weighs 1.6 kg and its footprint 0.2 kg. What is the total weight in grams?', '1800'],
  ['A hiker walks 4.5 km per hour for 3 hours and 20 minutes. How many kilometres does she walk?', '15'],
  ['A trail climbs 840 m over 12 km. What is the average gradient in metres per kilometre?', '70'],
  ['A stove burns 12 g of gas per 10 minutes. How many grams does 45 minutes use?', '54'],
  ['Four hikers share 2.4 litres of water equally. How many millilitres does each get?', '600'],
  ['A 3-day hike covers 51 km. How many kilometres per day on average?', '17'],
];

/**
 * A JSONL reinforcement (RFT) file: a developer instruction, a user question and a
 * `reference_answer` field for the grader (`{{ item.reference_answer }}`).
 */
export function rftJsonl(count: number, offset = 0): string {
  const lines: string[] = [];
  for (let index = offset; index < offset + count; index++) {
    const [question, answer] = RFT_PROBLEMS[index % RFT_PROBLEMS.length]!;
    const round = Math.floor(index / RFT_PROBLEMS.length);
    lines.push(
      JSON.stringify({
        messages: [
          { role: 'developer', content: 'Answer with the final number only, no units.' },
          { role: 'user', content: round === 0 ? question : `${question} (variant ${round})` },
        ],
        reference_answer: answer,
      }),
    );
  }
  return `${lines.join('\n')}\n`;
}

/** A string-check grader comparing the sample with the example's `reference_answer`. */
export const EXACT_ANSWER_GRADER = {
  type: 'string_check',
  name: 'Exact answer',
  input: '{{sample.output_text}}',
  reference: '{{item.reference_answer}}',
  operation: 'eq',
} as const;

/** A model grader judging whether the sample is a bare number (no units). */
export const UNITS_JUDGE = {
  type: 'score_model',
  name: 'Units, strict',
  model: 'o3-mini-2025-01-31',
  input: [{ role: 'user', content: 'Score 1 if {{sample.output_text}} has no units, else 0.' }],
  range: [0, 1],
} as const;

/** A multi grader: 0.8 × {@link EXACT_ANSWER_GRADER} + 0.2 × {@link UNITS_JUDGE}. */
export const ANSWER_AND_UNITS_GRADER = {
  type: 'multi',
  name: 'Answer',
  calculate_output: '0.8 * exact + 0.2 * units',
  graders: { exact: EXACT_ANSWER_GRADER, units: UNITS_JUDGE },
} as const;

/** An `OpenAI` client served by the simulator's `fetch`, without SDK retries. */
export function simClient(sim: FineTuningSimulator, options: { maxRetries?: number } = {}): OpenAI {
  return new OpenAI({
    apiKey: 'sk-sim-test',
    baseURL: sim.baseURL,
    fetch: sim.fetch,
    maxRetries: options.maxRetries ?? 0,
  });
}

/** An `AzureOpenAI` client served by the simulator's `fetch`. */
export function simAzureClient(sim: FineTuningSimulator): AzureOpenAI {
  return new AzureOpenAI({
    endpoint: sim.azureEndpoint,
    apiKey: 'azure-sim-key',
    apiVersion: '2025-04-01-preview',
    fetch: sim.fetch,
    maxRetries: 0,
  });
}

/** Uploads `text` as a `fine-tune` file and waits (in simulated time) until it is processed. */
export async function uploadTrainingFile(
  sim: FineTuningSimulator,
  client: OpenAI,
  text: string,
  name = 'train.jsonl',
) {
  const file = await client.files.create({
    file: await toFile(new TextEncoder().encode(text), name),
    purpose: 'fine-tune',
  });
  sim.clock.advance(sim.options.timing.fileProcessingMs);
  return file;
}

/**
 * A fresh simulator with one finished job: `gpt-4o-mini` fine-tuned (suffix `pip`) on 12 support
 * examples, and the resulting `ft:` model.
 */
export async function trainedModel() {
  const sim = createSimulator({ clock: 'manual' });
  const client = simClient(sim);
  const file = await uploadTrainingFile(sim, client, supportJsonl(12));
  const job = await client.fineTuning.jobs.create({
    model: 'gpt-4o-mini',
    training_file: file.id,
    suffix: 'pip',
  });
  sim.runUntilIdle();
  const done = await client.fineTuning.jobs.retrieve(job.id);
  return { sim, client, job: done, model: done.fine_tuned_model! };
}
