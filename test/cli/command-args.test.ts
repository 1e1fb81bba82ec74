import { describe, expect, it } from 'vitest';
import { CliUsageError } from '../../src/cli/cli-error.js';
import type { OptionSpec } from '../../src/cli/command.js';
import { CommandArgs } from '../../src/cli/command-args.js';

const OPTIONS: Record<string, OptionSpec> = {
  model: { type: 'string', short: 'm', description: 'model' },
  method: { type: 'string', description: 'method' },
  'n-epochs': { type: 'string', description: 'epochs' },
  metadata: { type: 'string', multiple: true, description: 'pairs' },
  json: { type: 'boolean', description: 'json' },
};

function parse(argv: string[]) {
  return CommandArgs.parse('create', argv, OPTIONS, [
    { name: 'file', description: 'the training file' },
    { name: 'more', description: 'more files', required: false, variadic: true },
  ]);
}

function usageError(run: () => unknown): CliUsageError {
  try {
    run();
  } catch (error) {
    if (error instanceof CliUsageError) return error;
    throw error;
  }
  throw new Error('expected a usage error');
}

describe('CommandArgs', () => {
  it('reads positionals, strings, flags and repeated options', () => {
    const args = parse([
      'train.jsonl',
      'b.jsonl',
      '-m',
      'gpt-4o-mini',
      '--json',
      '--metadata',
      'a=1',
      '--metadata',
      'b=x=y',
    ]);
    expect(args.positional('file')).toBe('train.jsonl');
    expect(args.rest('more')).toEqual(['b.jsonl']);
    expect(args.string('model')).toBe('gpt-4o-mini');
    expect(args.flag('json')).toBe(true);
    expect(args.has('method')).toBe(false);
    expect(args.keyValues('metadata')).toEqual({ a: '1', b: 'x=y' });
  });

  it('validates choices and numbers, naming the option and the expectation', () => {
    const args = parse(['f', '--method', 'sft', '--n-epochs', '0']);
    const choice = usageError(() => args.choice('method', ['supervised', 'dpo'] as const));
    expect(choice.message).toBe('--method must be one of supervised, dpo (got "sft").');
    expect(choice.exitCode).toBe(2);
    expect(choice.hint).toBe('Run `finetune-kit create --help` for usage.');
    expect(usageError(() => args.autoOrNumber('n-epochs', { min: 1, max: 50, integer: true })).message).toBe(
      '--n-epochs must be an integer from 1 to 50 or "auto" (got 0).',
    );
    expect(parse(['f', '--n-epochs', 'auto']).autoOrNumber('n-epochs')).toBe('auto');
    expect(parse(['f', '--n-epochs', '3']).number('n-epochs', { integer: true })).toBe(3);
    expect(
      usageError(() => parse(['f', '--n-epochs', '2.5']).number('n-epochs', { integer: true })).message,
    ).toBe('--n-epochs must be an integer (got "2.5").');
    expect(usageError(() => parse(['f', '--metadata', 'novalue']).keyValues('metadata')).message).toBe(
      '--metadata takes key=value (got "novalue").',
    );
  });

  it('reports unknown options with a suggestion, missing values and missing or extra arguments', () => {
    expect(usageError(() => parse(['f', '--modle', 'x'])).message).toBe(
      'Unknown option --modle for "create". Did you mean --model?',
    );
    expect(usageError(() => parse(['f', '--model'])).message).toBe('--model takes a value.');
    expect(usageError(() => parse(['f', '--model', '-x'])).message).toBe(
      '--model takes a value; write one that starts with a dash as --model=<value>.',
    );
    expect(usageError(() => parse([])).message).toBe('Missing argument <file>: the training file.');
    expect(usageError(() => parse(['f', '--json=yes'])).message).toBe('--json does not take a value.');
    expect(usageError(() => parse(['f', '--model', ' ']).string('model')).message).toBe(
      '--model must not be empty.',
    );
    const noVariadic = () =>
      CommandArgs.parse('status', ['a', 'b'], {}, [{ name: 'job', description: 'job id' }]);
    expect(usageError(noVariadic).message).toBe('Unexpected argument: "b".');
  });
});
