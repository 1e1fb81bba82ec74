/**
 * `POST /moderations` (spec `CreateModerationRequest` / `CreateModerationResponse`): a
 * deterministic stand-in for the moderation models. A text is flagged in a category when it holds
 * one of that category's keywords (whole words, any case); scores are 0.9 for a hit, otherwise a
 * small value derived from the text, so the same input always gets the same answer. Enough to
 * test pre-checks end to end, not a classifier.
 *
 * @module
 */
import { hashText } from '../../dataset/checks/hash.js';
import { invalidRequest } from '../api-error.js';
import type { Route, RouteRequest, SimulatorContext } from '../context.js';
import { requireJson } from './jobs.js';

/** The categories of the omni-moderation models, in the spec's order. */
export const MODERATION_CATEGORIES = [
  'hate',
  'hate/threatening',
  'harassment',
  'harassment/threatening',
  'illicit',
  'illicit/violent',
  'self-harm',
  'self-harm/intent',
  'self-harm/instructions',
  'sexual',
  'sexual/minors',
  'violence',
  'violence/graphic',
] as const;

/** The keywords that flag each category (the simulator's whole "model"). */
const KEYWORDS: Readonly<Partial<Record<(typeof MODERATION_CATEGORIES)[number], readonly string[]>>> = {
  violence: ['kill', 'murder', 'stab', 'shoot'],
  'violence/graphic': ['gore', 'dismember'],
  'self-harm': ['suicide', 'self-harm'],
  'self-harm/intent': ['kill myself', 'end my life'],
  'harassment/threatening': ['i will hurt you'],
  illicit: ['make a bomb', 'buy cocaine'],
  'illicit/violent': ['make a bomb'],
};

/** Inputs per request at most (the API's limit for text arrays is of this order). */
const MAX_INPUTS = 2048;

function textsOf(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) {
    if (value.length > MAX_INPUTS)
      throw invalidRequest(`'input' has ${value.length} items; at most ${MAX_INPUTS} are allowed.`, 'input');
    return value.map((item, index) => {
      if (typeof item === 'string') return item;
      const text = (item as { type?: unknown; text?: unknown } | null)?.text;
      if ((item as { type?: unknown } | null)?.type === 'text' && typeof text === 'string') return text;
      if ((item as { type?: unknown } | null)?.type === 'image_url') return '';
      throw invalidRequest(
        `Invalid value for 'input[${index}]': expected a string or a text part.`,
        `input[${index}]`,
      );
    });
  }
  throw invalidRequest("'input' must be a string or an array.", 'input');
}

function containsWord(text: string, keyword: string): boolean {
  const escaped = keyword.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(?:^|[^a-z])${escaped}(?:$|[^a-z])`, 'i').test(text);
}

function moderate(text: string) {
  const categories: Record<string, boolean> = {};
  const scores: Record<string, number> = {};
  const applied: Record<string, string[]> = {};
  const seed = Number.parseInt(hashText(text).slice(0, 6), 16) / 0xffffff;
  for (const [index, category] of MODERATION_CATEGORIES.entries()) {
    const hit = (KEYWORDS[category] ?? []).some((keyword) => containsWord(text, keyword));
    categories[category] = hit;
    scores[category] = hit ? 0.9 : Number((((seed * (index + 7)) % 1) * 0.01 + 0.0001).toFixed(6));
    applied[category] = ['text'];
  }
  return {
    flagged: Object.values(categories).some(Boolean),
    categories,
    category_scores: scores,
    category_applied_input_types: applied,
  };
}

function createModeration(_context: SimulatorContext, request: RouteRequest) {
  const body = requireJson(request) as Record<string, unknown> | null;
  if (typeof body !== 'object' || body === null || !('input' in body))
    throw invalidRequest("Missing required parameter: 'input'.", 'input');
  const model = typeof body.model === 'string' ? body.model : 'omni-moderation-latest';
  const texts = textsOf(body.input);
  // Deterministic: the same inputs get the same id, as the same inputs get the same results.
  const id = `modr-${hashText(texts.join('\u0000')).slice(0, 24)}`;
  return {
    json: {
      id,
      model: model === 'omni-moderation-latest' ? 'omni-moderation-2024-09-26' : model,
      results: texts.map(moderate),
    },
  };
}

/** The `/moderations` route. */
export const moderationRoutes: readonly Route[] = [
  { method: 'POST', pattern: '/moderations', handle: createModeration },
];
