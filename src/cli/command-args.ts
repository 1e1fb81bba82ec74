/**
 * Parses a command's arguments with `node:util` `parseArgs` and reads them back with typed,
 * validated accessors. Every bad value becomes a {@link CliUsageError} (exit code 2) that names
 * the option and says what is expected.
 *
 * @module
 */
import { parseArgs } from 'node:util';
import { CliUsageError } from './cli-error.js';
import type { OptionSpec, PositionalSpec } from './command.js';
import { closestMatch } from './suggest.js';

type RawValue = string | boolean | (string | boolean)[] | undefined;

/** Parsed arguments of one command, with typed accessors. */
export class CommandArgs {
  readonly #command: string;
  readonly #values: Readonly<Record<string, RawValue>>;
  readonly #positionals: ReadonlyMap<string, string | readonly string[]>;

  /**
   * Parses `argv` for `command`.
   *
   * @param command - The command name, for error messages.
   * @param argv - Arguments after the command name.
   * @param options - Every accepted option (the command's own and the global ones).
   * @param positionals - The positional arguments, in order.
   * @throws {CliUsageError} On an unknown option, a missing value, a missing or extra positional.
   */
  static parse(
    command: string,
    argv: readonly string[],
    options: Readonly<Record<string, OptionSpec>>,
    positionals: readonly PositionalSpec[] = [],
  ): CommandArgs {
    const config = Object.fromEntries(
      Object.entries(options).map(([name, spec]) => [
        name,
        {
          type: spec.type,
          ...(spec.short ? { short: spec.short } : {}),
          ...(spec.multiple ? { multiple: true } : {}),
        },
      ]),
    );
    let parsed: { values: Record<string, RawValue>; positionals: string[] };
    try {
      parsed = parseArgs({
        args: [...argv],
        options: config,
        strict: true,
        allowPositionals: true,
        allowNegative: true,
      }) as typeof parsed;
    } catch (error) {
      throw new CliUsageError(describeParseError(error, command, Object.keys(options)), command);
    }
    const byName = new Map<string, string | readonly string[]>();
    const rest = [...parsed.positionals];
    for (const spec of positionals) {
      if (spec.variadic) {
        if (rest.length === 0 && spec.required !== false)
          throw new CliUsageError(`Missing argument <${spec.name}>: ${spec.description}.`, command);
        byName.set(spec.name, rest.splice(0));
        continue;
      }
      const value = rest.shift();
      if (value === undefined) {
        if (spec.required !== false)
          throw new CliUsageError(`Missing argument <${spec.name}>: ${spec.description}.`, command);
        continue;
      }
      byName.set(spec.name, value);
    }
    if (rest.length > 0) {
      throw new CliUsageError(
        `Unexpected argument${rest.length > 1 ? 's' : ''}: ${rest.map((value) => `"${value}"`).join(' ')}.`,
        command,
      );
    }
    return new CommandArgs(command, parsed.values, byName);
  }

  private constructor(
    command: string,
    values: Readonly<Record<string, RawValue>>,
    positionals: ReadonlyMap<string, string | readonly string[]>,
  ) {
    this.#command = command;
    this.#values = values;
    this.#positionals = positionals;
  }

  /** The command these arguments belong to. */
  get command(): string {
    return this.#command;
  }

  /** A usage error for this command. */
  usageError(message: string): CliUsageError {
    return new CliUsageError(message, this.#command);
  }

  /** A required positional argument. */
  positional(name: string): string {
    const value = this.#positionals.get(name);
    if (typeof value !== 'string') throw this.usageError(`Missing argument <${name}>.`);
    return value;
  }

  /** An optional positional argument. */
  optionalPositional(name: string): string | undefined {
    const value = this.#positionals.get(name);
    return typeof value === 'string' ? value : undefined;
  }

  /** A variadic positional argument (all remaining values). */
  rest(name: string): readonly string[] {
    const value = this.#positionals.get(name);
    return Array.isArray(value) ? value : [];
  }

  /** A boolean flag; `false` when absent (or the given default). */
  flag(name: string, fallback = false): boolean {
    const value = this.#values[name];
    return typeof value === 'boolean' ? value : fallback;
  }

  /** True when the option was given on the command line. */
  has(name: string): boolean {
    return this.#values[name] !== undefined;
  }

  /** A string option, or `undefined` when absent. Rejects an empty value. */
  string(name: string): string | undefined {
    const value = this.#values[name];
    if (value === undefined) return undefined;
    if (typeof value !== 'string') throw this.usageError(`--${name} takes a value.`);
    if (value.trim() === '') throw this.usageError(`--${name} must not be empty.`);
    return value;
  }

  /** A repeatable string option: every value in order. */
  strings(name: string): readonly string[] {
    const value = this.#values[name];
    if (value === undefined) return [];
    const list = Array.isArray(value) ? value : [value];
    return list.map((item) => {
      if (typeof item !== 'string' || item.trim() === '') throw this.usageError(`--${name} takes a value.`);
      return item;
    });
  }

  /** A string option restricted to `choices`. */
  choice<const T extends string>(name: string, choices: readonly T[]): T | undefined {
    const value = this.string(name);
    if (value === undefined) return undefined;
    if (!(choices as readonly string[]).includes(value)) {
      throw this.usageError(`--${name} must be one of ${choices.join(', ')} (got "${value}").`);
    }
    return value as T;
  }

  /**
   * A number option.
   *
   * @param range - Bounds and whether only integers are allowed.
   */
  number(name: string, range: NumberRange = {}): number | undefined {
    const text = this.string(name);
    if (text === undefined) return undefined;
    return this.#toNumber(name, text, range);
  }

  /** A hyperparameter: `auto` or a number within `range`. */
  autoOrNumber(name: string, range: NumberRange = {}): number | 'auto' | undefined {
    const text = this.string(name);
    if (text === undefined) return undefined;
    if (text === 'auto') return 'auto';
    return this.#toNumber(name, text, range, ' or "auto"');
  }

  /** Repeatable `key=value` pairs, e.g. `--metadata team=support`. Later keys win. */
  keyValues(name: string): Record<string, string> {
    const pairs: Record<string, string> = {};
    for (const item of this.strings(name)) {
      const index = item.indexOf('=');
      if (index <= 0) throw this.usageError(`--${name} takes key=value (got "${item}").`);
      pairs[item.slice(0, index)] = item.slice(index + 1);
    }
    return pairs;
  }

  #toNumber(name: string, text: string, range: NumberRange, alternative = ''): number {
    const value = Number(text);
    const kind = range.integer ? 'an integer' : 'a number';
    const bounds = describeRange(range);
    if (!Number.isFinite(value) || (range.integer && !Number.isInteger(value))) {
      throw this.usageError(`--${name} must be ${kind}${bounds}${alternative} (got "${text}").`);
    }
    const tooLow = range.min !== undefined && (range.exclusiveMin ? value <= range.min : value < range.min);
    const tooHigh = range.max !== undefined && value > range.max;
    if (tooLow || tooHigh)
      throw this.usageError(`--${name} must be ${kind}${bounds}${alternative} (got ${text}).`);
    return value;
  }
}

/** Bounds for number options. */
export interface NumberRange {
  readonly min?: number;
  readonly max?: number;
  /** `min` itself is not allowed. @default false */
  readonly exclusiveMin?: boolean;
  /** @default false */
  readonly integer?: boolean;
}

function describeRange(range: NumberRange): string {
  if (range.min !== undefined && range.max !== undefined) {
    return range.exclusiveMin
      ? ` greater than ${range.min} and at most ${range.max}`
      : ` from ${range.min} to ${range.max}`;
  }
  if (range.min !== undefined)
    return range.exclusiveMin ? ` greater than ${range.min}` : ` of at least ${range.min}`;
  if (range.max !== undefined) return ` of at most ${range.max}`;
  return '';
}

/** Turns `parseArgs`' messages into one short sentence in the CLI's voice. */
function describeParseError(error: unknown, command: string, names: readonly string[]): string {
  const code = (error as { code?: string }).code;
  const message = error instanceof Error ? error.message : String(error);
  // parseArgs quotes the option as '--model', '-m, --model <value>' or '-z'; prefer the long name.
  const quoted = /'([^']+)'/.exec(message)?.[1] ?? '';
  const option = /--[^\s,=]+/.exec(quoted)?.[0] ?? /-[^\s,=]+/.exec(quoted)?.[0];
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && option) {
    const suggestion = option.startsWith('--') ? closestMatch(option.slice(2), names) : undefined;
    return `Unknown option ${option} for "${command}".${suggestion ? ` Did you mean --${suggestion}?` : ''}`;
  }
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && option) {
    if (message.includes('argument missing')) return `${option} takes a value.`;
    // `--max-issues -3`: a value that starts with a dash reads as another option.
    if (message.includes('ambiguous'))
      return `${option} takes a value; write one that starts with a dash as ${option}=<value>.`;
    return `${option} does not take a value.`;
  }
  return message.split('\n')[0] ?? message;
}
