import { describe, expect, it } from 'vitest';
import type { ChatClient } from '../../src/evaluate/ask-model.js';
import { EvaluationResult, evaluate } from '../../src/evaluate/index.js';
import type { CachedAnswer } from '../../src/evaluate/types.js';

/** A chat client that answers from a table, like a model that learned some answers. */
function scriptedClient(answers: Record<string, Record<string, unknown>>): ChatClient {
  return {
    chat: {
      completions: {
        create: async (body: { model: string; messages: { content: string }[] }) => {
          const question = body.messages.at(-1)!.content;
          const message = answers[`${body.model}|${question}`] ?? { content: 'I am not sure.' };
          return {
            id: 'chatcmpl-1',
            object: 'chat.completion',
            created: 1,
            model: body.model,
            choices: [
              { index: 0, message: { role: 'assistant', refusal: null, ...message }, finish_reason: 'stop' },
            ],
            usage: {
              prompt_tokens: 20,
              completion_tokens: 10,
              total_tokens: 30,
              prompt_tokens_details: { cached_tokens: 5 },
            },
          };
        },
      },
    },
  } as unknown as ChatClient;
}

/** A model grader's chat completion whose answer gives `result` as its score. */
function graderReply(id: string, result: number) {
  return {
    id,
    object: 'chat.completion',
    created: 1,
    model: 'gpt-4.1-mini-2025-04-14',
    choices: [
      {
        index: 0,
        message: { role: 'assistant', content: `{"steps":[],"result":${result}}` },
        finish_reason: 'stop',
      },
    ],
    usage: { prompt_tokens: 40, completion_tokens: 8, total_tokens: 48 },
  };
}

const TUNED = 'ft:gpt-4.1-mini-2025-04-14:acme:weather:Wx12ab34';
const BASE = 'gpt-4.1-mini-2025-04-14';
const call = (city: string) => ({
  tool_calls: [
    { id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: `{"city":"${city}"}` } },
  ],
});
const data = ['Paris', 'Rome', 'Oslo'].map((city) => ({
  messages: [
    { role: 'user', content: `Weather in ${city}?` },
    { role: 'assistant', content: null, ...call(city) },
  ],
  tools: [{ type: 'function', function: { name: 'get_weather', parameters: { type: 'object' } } }],
}));

async function result() {
  const client = scriptedClient({
    [`${TUNED}|Weather in Paris?`]: { content: null, tool_calls: [{ ...call('Paris').tool_calls[0] }] },
    [`${TUNED}|Weather in Rome?`]: { content: null, tool_calls: [{ ...call('Rome').tool_calls[0] }] },
    [`${BASE}|Weather in Paris?`]: { content: null, tool_calls: [{ ...call('paris').tool_calls[0] }] },
  });
  return evaluate(client, { models: [TUNED], baseline: BASE, data, graders: ['exact'] });
}

describe('EvaluationResult', () => {
  it('compares tool calls as calls and sums usage and cost from the model table', async () => {
    const evaluation = await result();
    expect(evaluation.models.map((model) => [model.label, model.scores.exact!.mean])).toEqual([
      [BASE, 0],
      ['ft:…:Wx12ab34', 2 / 3],
    ]);
    const tuned = evaluation.model(TUNED)!;
    expect(tuned.vsBaseline!.exact).toMatchObject({ wins: 2, ties: 1, losses: 0 });
    expect(tuned.usage).toEqual({ promptTokens: 60, completionTokens: 30, cachedTokens: 15 });
    // Fine-tuned gpt-4.1-mini: $0.80 input, $0.20 cached input, $3.20 output per 1M tokens.
    expect(tuned.cost.usd).toBeCloseTo((45 * 0.8 + 15 * 0.2 + 30 * 3.2) / 1e6, 15);
    expect(evaluation.model(BASE)!.cost.usd).toBeCloseTo((45 * 0.4 + 15 * 0.1 + 30 * 1.6) / 1e6, 15);
  });

  it('exports JSON (read back by fromJSON), JSON Lines and CSV', async () => {
    const evaluation = await result();
    const json = JSON.parse(JSON.stringify(evaluation));
    expect(EvaluationResult.fromJSON(json).toCSV()).toBe(evaluation.toCSV());
    const lines = evaluation
      .toJSONL()
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(lines).toHaveLength(3);
    expect(lines[0].answers[TUNED].scores).toEqual({ exact: 1 });
    const csv = evaluation.toCSV().trim().split('\n');
    expect(csv[0]).toBe('example,line,model,label,exact,error,latency_ms,cached,answer,tool_calls,reference');
    expect(csv).toHaveLength(1 + 3 * 2);
    const summary = evaluation.toCSV({ level: 'models' }).trim().split('\n');
    expect(summary[0]).toMatch(
      /^model,label,kind,step,examples,failed,exact_mean,exact_low,exact_high,exact_diff,/,
    );
    expect(summary[2]).toContain(`${TUNED},ft:…:Wx12ab34,fine_tuned,,3,0,0.6666666666666666,`);
    expect(() => EvaluationResult.fromJSON({ version: 2 })).toThrow(/not the JSON of an evaluation/);
  });

  it('draws the scores with their intervals (SVG, Vega-Lite, terminal) and displays in notebooks', async () => {
    const evaluation = await result();
    const svg = evaluation.toSVG();
    expect(svg).toMatch(/^<svg /);
    expect(svg).toContain(`data-model="${TUNED}"`);
    const spec = evaluation.toVegaLite();
    expect(spec.$schema).toBe('https://vega.github.io/schema/vega-lite/v5.json');
    expect((spec.data as { values: unknown[] }).values).toHaveLength(2);
    const text = evaluation.toTerminalChart({ ascii: true });
    expect(text).toContain('ft:…:Wx12ab34');
    expect(text).toMatch(/0\.667 \[0\.00, 1\.00\]/);
    expect(evaluation.toText()).toContain('win/tie/loss');
    const bundle = (evaluation as unknown as Record<symbol, () => Record<string, unknown>>)[
      Symbol.for('Jupyter.display')
    ]!();
    expect(Object.keys(bundle)).toEqual([
      'application/vnd.vegalite.v5+json',
      'image/svg+xml',
      'text/html',
      'text/plain',
    ]);
  });

  it('runs score_model graders through the same client, with the rendered prompt', async () => {
    const prompts: string[] = [];
    const client = scriptedClient({});
    const create = client.chat.completions.create.bind(client.chat.completions);
    (client.chat.completions as { create: unknown }).create = async (body: {
      model: string;
      messages: { content: string }[];
    }) => {
      if (body.model !== 'gpt-4.1-mini') return create(body as never);
      prompts.push(body.messages.at(-1)!.content);
      return graderReply('chatcmpl-2', 0.25);
    };
    const evaluation = await evaluate(client, {
      models: [TUNED],
      data: data.slice(0, 1),
      graders: [
        {
          type: 'score_model',
          name: 'judge',
          model: 'gpt-4.1-mini',
          input: [
            { role: 'user', content: 'Answer: {{sample.output_text}} Reference: {{item.reference_answer}}' },
          ],
        },
      ],
    });
    expect(evaluation.models[0]!.scores.judge!.mean).toBe(0.25);
    expect(prompts).toEqual(['Answer: I am not sure. Reference: ']);
  });

  it("keeps model graders' answers in the cache too: a re-run calls neither the model nor the grader", async () => {
    let graderCalls = 0;
    let answerCalls = 0;
    const client = scriptedClient({});
    const create = client.chat.completions.create.bind(client.chat.completions);
    (client.chat.completions as { create: unknown }).create = async (body: { model: string }) => {
      if (body.model !== 'gpt-4.1-mini') {
        answerCalls++;
        return create(body as never);
      }
      graderCalls++;
      return graderReply('chatcmpl-3', 0.75);
    };
    const entries = new Map<string, CachedAnswer>();
    const cache = {
      get: (key: string) => entries.get(key),
      set: (key: string, value: CachedAnswer) => void entries.set(key, value),
    };
    const options = {
      models: [TUNED],
      data: data.slice(0, 2),
      cache,
      graders: [
        {
          type: 'score_model' as const,
          name: 'judge',
          model: 'gpt-4.1-mini',
          input: [{ role: 'user' as const, content: 'Rate: {{sample.output_text}}' }],
        },
      ],
    };
    const first = await evaluate(client, options);
    expect([answerCalls, graderCalls]).toEqual([2, 2]);
    const second = await evaluate(client, options);
    expect([answerCalls, graderCalls]).toEqual([2, 2]);
    expect(second.models[0]!.scores.judge!.mean).toBe(0.75);
    expect(second.models[0]!.scores).toEqual(first.models[0]!.scores);
  });
});
