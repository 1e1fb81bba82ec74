import { describe, expect, it } from 'vitest';
import { evaluateFormula, parseFormula } from '../../src/graders/multi.js';

function calculate(formula: string, scores: Record<string, number>): number {
  const parsed = parseFormula(formula, Object.keys(scores));
  if (!parsed.ok) throw new Error(parsed.message);
  return evaluateFormula(parsed.formula, scores);
}

describe('calculate_output formulas', () => {
  const scores = { exact: 1, similar: 0.8, tone: 0.25 };

  it.each([
    ['0.5 * exact + 0.5 * similar', 0.9],
    ['(exact + similar + tone) / 3', (1 + 0.8 + 0.25) / 3],
    ['exact - similar * 2', 1 - 1.6],
    ['-tone + 1', 0.75],
    ['2 ^ 3 ^ 2', 512],
    ['-2 ^ 2', -4],
    ['min(exact, similar, tone)', 0.25],
    ['max(similar, tone)', 0.8],
    ['abs(tone - exact)', 0.75],
    ['floor(similar * 10) / 10 + ceil(tone)', 1.8],
    ['sqrt(tone)', 0.5],
    ['log(exp(similar))', 0.8],
    ['1e-1 * 10', 1],
  ])('%s = %d', (formula, expected) => {
    expect(calculate(formula, scores)).toBeCloseTo(expected, 12);
  });

  it('uses grader names that contain - or . when a grader has that name, else reads minus', () => {
    expect(calculate('my-grader * 2', { 'my-grader': 0.5 })).toBe(1);
    expect(calculate('a-b', { a: 1, b: 0.25 })).toBe(0.75);
  });

  it('lists the names a formula uses', () => {
    const parsed = parseFormula('exact * 0.3 + max(similar, exact)', ['exact', 'similar', 'tone']);
    expect(parsed.ok && parsed.variables).toEqual(['exact', 'similar']);
  });

  it.each([
    ['exact +', 'unexpected end'],
    ['exact * (similar', "expected ')'"],
    ['exact ; similar', "unexpected ';'"],
    ['wrong * 2', "unknown name 'wrong'"],
    ['sqrt(exact, similar)', 'sqrt() takes 1 argument, got 2'],
    ['max()', 'one or more arguments'],
    ['', 'empty'],
    ['exact similar', "unexpected 'similar'"],
    ['__proto__', "unknown name '__proto__'"],
  ])('refuses %j (%s)', (formula, message) => {
    const parsed = parseFormula(formula, ['exact', 'similar']);
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.message).toContain(message);
  });

  it('accepts any name when the grader names are not known (null), for the spec’s array form', () => {
    expect(parseFormula('a + b', null).ok).toBe(true);
  });

  it('gives NaN or an infinity for arithmetic without a value, for the caller to report', () => {
    expect(calculate('exact / (similar - similar)', scores)).toBe(Number.POSITIVE_INFINITY);
    expect(Number.isNaN(calculate('log(0 - exact)', scores))).toBe(true);
  });
});
