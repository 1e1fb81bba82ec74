/**
 * The `calculate_output` formula of a `multi` grader: an arithmetic expression over the scores of
 * its graders, parsed and evaluated here without `eval`. OpenAI's graders guide lists what it may
 * contain: numbers, the graders' names, the operators `+ - * / ^` and parentheses, and the
 * functions `min`, `max`, `abs`, `floor`, `ceil`, `exp`, `sqrt` and `log` (natural logarithm).
 *
 * Parsing is separate from evaluation so that a formula can be checked before any grader runs
 * ({@link parseFormula} reports unknown names and syntax errors), as the API does at validation.
 *
 * @module
 */

/** The functions a formula may call, with their number of arguments (`min`/`max`: one or more). */
export const FORMULA_FUNCTIONS = {
  min: { arity: 'variadic', apply: (...values: number[]) => Math.min(...values) },
  max: { arity: 'variadic', apply: (...values: number[]) => Math.max(...values) },
  abs: { arity: 1, apply: (value: number) => Math.abs(value) },
  floor: { arity: 1, apply: (value: number) => Math.floor(value) },
  ceil: { arity: 1, apply: (value: number) => Math.ceil(value) },
  exp: { arity: 1, apply: (value: number) => Math.exp(value) },
  sqrt: { arity: 1, apply: (value: number) => Math.sqrt(value) },
  log: { arity: 1, apply: (value: number) => Math.log(value) },
} as const satisfies Record<string, { arity: number | 'variadic'; apply: (...values: number[]) => number }>;

type FunctionName = keyof typeof FORMULA_FUNCTIONS;

/** A parsed formula. */
export type FormulaNode =
  | { readonly kind: 'number'; readonly value: number }
  | { readonly kind: 'variable'; readonly name: string }
  | { readonly kind: 'negate'; readonly operand: FormulaNode }
  | {
      readonly kind: 'binary';
      readonly operator: '+' | '-' | '*' | '/' | '^';
      readonly left: FormulaNode;
      readonly right: FormulaNode;
    }
  | { readonly kind: 'call'; readonly name: FunctionName; readonly args: readonly FormulaNode[] };

/** The outcome of parsing a formula. */
export type ParsedFormula =
  | { readonly ok: true; readonly formula: FormulaNode; readonly variables: readonly string[] }
  | { readonly ok: false; readonly message: string };

type Token =
  | { kind: 'number'; value: number; at: number }
  | { kind: 'name'; value: string; at: number }
  | { kind: 'symbol'; value: string; at: number };

class FormulaSyntaxError extends Error {}

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let index = 0;
  while (index < text.length) {
    const char = text[index] as string;
    if (/\s/.test(char)) {
      index += 1;
      continue;
    }
    const number = /^(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/.exec(text.slice(index));
    if (number !== null) {
      tokens.push({ kind: 'number', value: Number(number[0]), at: index });
      index += number[0].length;
      continue;
    }
    const name = /^[A-Za-z_][\w.-]*/.exec(text.slice(index));
    if (name !== null) {
      // A trailing '-' or '.' belongs to the next token ("a-b" is a name only if a grader has it).
      const value = name[0].replace(/[-.]+$/, '');
      tokens.push({ kind: 'name', value, at: index });
      index += value.length;
      continue;
    }
    if ('+-*/^(),'.includes(char)) {
      tokens.push({ kind: 'symbol', value: char, at: index });
      index += 1;
      continue;
    }
    throw new FormulaSyntaxError(`unexpected '${char}' at position ${index + 1}`);
  }
  return tokens;
}

/**
 * Parses `calculate_output`.
 *
 * Names are matched against `graderNames` first as whole tokens, then the tokenizer's split: a
 * grader named `my-grader` is found although `-` is also minus; a name that is neither a grader
 * nor a function is an error.
 *
 * @param text - The formula.
 * @param graderNames - The names the formula may use (the `multi` grader's keys), or `null` to
 *   accept any name (checked when the formula is evaluated).
 * @returns The parsed formula and the names it uses, or the first problem.
 * @example
 * ```ts
 * parseFormula('0.5 * exact + 0.5 * similar', ['exact', 'similar']);
 * ```
 */
export function parseFormula(text: string, graderNames: readonly string[] | null): ParsedFormula {
  const anyName = graderNames === null;
  const names = new Set(graderNames ?? []);
  const used = new Set<string>();
  let tokens: Token[];
  try {
    tokens = splitNames(tokenize(text), names, anyName);
  } catch (error) {
    return { ok: false, message: (error as Error).message };
  }
  let position = 0;
  const peek = (): Token | undefined => tokens[position];
  const isSymbol = (value: string): boolean => {
    const token = peek();
    return token?.kind === 'symbol' && token.value === value;
  };
  const expect = (value: string): void => {
    if (!isSymbol(value)) {
      const token = peek();
      throw new FormulaSyntaxError(
        token === undefined
          ? `expected '${value}' at the end`
          : `expected '${value}' at position ${token.at + 1}`,
      );
    }
    position += 1;
  };

  // expression := term (('+' | '-') term)*
  const expression = (): FormulaNode => {
    let left = term();
    while (isSymbol('+') || isSymbol('-')) {
      const operator = (tokens[position++] as Token).value as '+' | '-';
      left = { kind: 'binary', operator, left, right: term() };
    }
    return left;
  };
  // term := unary (('*' | '/') unary)*
  const term = (): FormulaNode => {
    let left = unary();
    while (isSymbol('*') || isSymbol('/')) {
      const operator = (tokens[position++] as Token).value as '*' | '/';
      left = { kind: 'binary', operator, left, right: unary() };
    }
    return left;
  };
  // unary := ('-' | '+') unary | power
  const unary = (): FormulaNode => {
    if (isSymbol('-')) {
      position += 1;
      return { kind: 'negate', operand: unary() };
    }
    if (isSymbol('+')) {
      position += 1;
      return unary();
    }
    return power();
  };
  // power := primary ('^' unary)?   (right-associative, binds tighter than unary minus on its left)
  const power = (): FormulaNode => {
    const base = primary();
    if (!isSymbol('^')) return base;
    position += 1;
    return { kind: 'binary', operator: '^', left: base, right: unary() };
  };
  const primary = (): FormulaNode => {
    const token = peek();
    if (token === undefined) throw new FormulaSyntaxError('unexpected end of the formula');
    position += 1;
    if (token.kind === 'number') return { kind: 'number', value: token.value };
    if (token.kind === 'symbol') {
      if (token.value === '(') {
        const inner = expression();
        expect(')');
        return inner;
      }
      throw new FormulaSyntaxError(`unexpected '${token.value}' at position ${token.at + 1}`);
    }
    const isFunction = Object.hasOwn(FORMULA_FUNCTIONS, token.value) && isSymbol('(');
    if (names.has(token.value) || (anyName && !isFunction)) {
      used.add(token.value);
      return { kind: 'variable', name: token.value };
    }
    if (isFunction) {
      const name = token.value as FunctionName;
      position += 1;
      const args: FormulaNode[] = [];
      if (!isSymbol(')')) {
        args.push(expression());
        while (isSymbol(',')) {
          position += 1;
          args.push(expression());
        }
      }
      expect(')');
      const { arity } = FORMULA_FUNCTIONS[name];
      if (arity === 'variadic' ? args.length === 0 : args.length !== arity) {
        throw new FormulaSyntaxError(
          `${name}() takes ${arity === 'variadic' ? 'one or more arguments' : `${arity} argument`}, got ${args.length}`,
        );
      }
      return { kind: 'call', name, args };
    }
    throw new FormulaSyntaxError(
      `unknown name '${token.value}' (graders: ${[...names].join(', ') || 'none'}; functions: ${Object.keys(FORMULA_FUNCTIONS).join(', ')})`,
    );
  };

  try {
    if (tokens.length === 0) throw new FormulaSyntaxError('the formula is empty');
    const formula = expression();
    const rest = peek();
    if (rest !== undefined)
      throw new FormulaSyntaxError(`unexpected '${String(rest.value)}' at position ${rest.at + 1}`);
    return { ok: true, formula, variables: [...used] };
  } catch (error) {
    if (error instanceof FormulaSyntaxError) return { ok: false, message: error.message };
    throw error;
  }
}

/**
 * Re-reads name tokens against the grader names: the tokenizer takes `-` and `.` inside names
 * greedily (`a-b`), which is right when a grader has that name and wrong when it means `a - b`.
 */
function splitNames(tokens: Token[], names: ReadonlySet<string>, anyName: boolean): Token[] {
  return tokens.flatMap((token): Token[] => {
    if (token.kind !== 'name' || names.has(token.value) || anyName || !/[-.]/.test(token.value))
      return [token];
    const parts = token.value.split(/([-.])/);
    const result: Token[] = [];
    let at = token.at;
    for (const part of parts) {
      if (part === '') continue;
      if (part === '-') result.push({ kind: 'symbol', value: '-', at });
      else if (part === '.') throw new FormulaSyntaxError(`unexpected '.' at position ${at + 1}`);
      else if (/^\d/.test(part)) result.push({ kind: 'number', value: Number(part), at });
      else result.push({ kind: 'name', value: part, at });
      at += part.length;
    }
    return result;
  });
}

/**
 * Evaluates a parsed formula.
 *
 * @param formula - From {@link parseFormula}.
 * @param scores - The score of every grader the formula names.
 * @returns The value; `NaN` or an infinity when the arithmetic gives one (division by zero, `log(0)`),
 *   which the caller reports as a formula error.
 */
export function evaluateFormula(formula: FormulaNode, scores: Readonly<Record<string, number>>): number {
  switch (formula.kind) {
    case 'number':
      return formula.value;
    case 'variable':
      return scores[formula.name] ?? Number.NaN;
    case 'negate':
      return -evaluateFormula(formula.operand, scores);
    case 'call': {
      const values = formula.args.map((arg) => evaluateFormula(arg, scores));
      return (FORMULA_FUNCTIONS[formula.name].apply as (...values: number[]) => number)(...values);
    }
    case 'binary': {
      const left = evaluateFormula(formula.left, scores);
      const right = evaluateFormula(formula.right, scores);
      switch (formula.operator) {
        case '+':
          return left + right;
        case '-':
          return left - right;
        case '*':
          return left * right;
        case '/':
          return left / right;
        case '^':
          return left ** right;
      }
    }
  }
}
