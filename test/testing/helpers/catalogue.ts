/**
 * A larger training set for the simulated chat answers: 50 product questions of an outdoor shop,
 * each with its own answer, so an evaluation over many prompts can count correct answers.
 */
import { createSimulator, type FineTuningSimulator } from '../../../src/testing/index.js';
import { simClient, uploadTrainingFile } from './data.js';

const PRODUCTS = [
  'Alpine 2 tent',
  'Ridge 45 backpack',
  'Summit down jacket',
  'Trailblazer boots',
  'Canyon sleeping bag',
  'Glacier stove',
  'Pine camp chair',
  'Cedar trekking poles',
  'Aurora headlamp',
  'Tundra mittens',
  'Breeze rain shell',
  'Harbor dry bag',
  'Meadow picnic blanket',
  'Quartz water filter',
  'Falcon hydration pack',
  'Sequoia hammock',
  'Lynx trail runners',
  'Basalt cookset',
  'Willow fleece',
  'Orca kayak paddle',
  'Maple camp table',
  'Cobalt insulated bottle',
  'Heron fishing vest',
  'Juniper sun hat',
  'Granite climbing harness',
  'Drift sleeping pad',
  'Ember fire starter',
  'Atlas map case',
  'Comet solar lantern',
  'Bison duffel',
  'Otter wetsuit',
  'Sparrow bike bag',
  'Vale gaiters',
  'Fjord ski goggles',
  'Raven bivy sack',
  'Delta compass',
  'Prairie cooler',
  'Lumen bike light',
  'Nomad travel pillow',
  'Cascade shower bag',
  'Thistle bug net',
  'Coyote knife',
  'Marmot ear warmers',
  'Polar base layer',
  'Kestrel binoculars',
  'Osprey rope bag',
  'Sierra snowshoes',
  'Taiga axe',
  'Zephyr windbreaker',
  'Yukon parka',
];

/** The question and answer of product `index`. */
export function catalogueQuestion(index: number): readonly [string, string] {
  const product = PRODUCTS[index]!;
  const price = 19 + ((index * 37) % 280);
  const warranty = 1 + (index % 5);
  return [
    `How much is the ${product} and what warranty does it have?`,
    `The ${product} costs ${price} dollars and comes with a ${warranty}-year warranty.`,
  ];
}

/** 50 chat examples, one per product. */
export function catalogueJsonl(): string {
  return `${PRODUCTS.map((_, index) => {
    const [question, answer] = catalogueQuestion(index);
    return JSON.stringify({
      messages: [
        { role: 'system', content: 'You are the shop assistant of Northwind Outfitters.' },
        { role: 'user', content: question },
        { role: 'assistant', content: answer },
      ],
    });
  }).join('\n')}\n`;
}

/** Number of products (and examples). */
export const CATALOGUE_SIZE = PRODUCTS.length;

/** A simulator with a finished job trained on the catalogue; its final model and checkpoint models. */
export async function catalogueModel(seed = 1): Promise<{
  sim: FineTuningSimulator;
  client: ReturnType<typeof simClient>;
  model: string;
  checkpoints: { step: number; model: string }[];
  totalSteps: number;
}> {
  const sim = createSimulator({ clock: 'manual', seed });
  const client = simClient(sim);
  const file = await uploadTrainingFile(sim, client, catalogueJsonl());
  const job = await client.fineTuning.jobs.create({ model: 'gpt-4o-mini', training_file: file.id });
  sim.runUntilIdle();
  const done = await client.fineTuning.jobs.retrieve(job.id);
  const page = await client.fineTuning.jobs.checkpoints.list(job.id);
  const checkpoints = page.data
    .map((checkpoint) => ({ step: checkpoint.step_number, model: checkpoint.fine_tuned_model_checkpoint }))
    .sort((first, second) => first.step - second.step);
  return {
    sim,
    client,
    model: done.fine_tuned_model!,
    checkpoints,
    totalSteps: checkpoints.at(-1)?.step ?? 0,
  };
}
