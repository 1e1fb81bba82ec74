/**
 * `isInstance` on a minified bundle: minifiers rename classes, so a check by `constructor.name`
 * breaks there. Each error class is bundled and minified with esbuild (as an application bundler
 * would), twice, to also stand for two installed copies of the package.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

type ErrorClass = (new (...args: never[]) => Error) & { isInstance(value: unknown): boolean };
type Bundle = Record<string, ErrorClass>;

/** Every error class of the family, with arguments that construct one. */
const FACTORIES: Record<string, (Class: ErrorClass) => Error> = {
  FinetuneKitError: (C) => new (C as unknown as new (m: string) => Error)('base'),
  FinetuneKitUsageError: (C) => new (C as unknown as new (m: string, o: string) => Error)('bad', 'options.x'),
  UnknownModelError: (C) => new (C as unknown as new (m: string, k: string[]) => Error)('gpt-x', ['gpt-4o']),
  DatasetError: (C) =>
    new (C as unknown as new (m: string, c: string) => Error)('bad file', 'dataset_invalid'),
  FinetuneKitTimeoutError: (C) => new (C as unknown as new (m: string, t: number) => Error)('slow', 10),
  FinetuneKitAbortError: (C) => new (C as unknown as new () => Error)(),
  UploadError: (C) => new (C as unknown as new (m: string, c: string) => Error)('refused', 'upload_failed'),
  JobFailedError: (C) =>
    new (C as unknown as new (j: object) => Error)({ id: 'ftjob-1', status: 'failed', error: { code: 'x' } }),
  JobCancelledError: (C) =>
    new (C as unknown as new (j: object) => Error)({ id: 'ftjob-1', status: 'cancelled' }),
  FinetuneKitApiError: (C) =>
    new (C as unknown as new (m: string, d: object) => Error)('404', { operation: 'op' }),
  MetricsFormatError: (C) => new (C as unknown as new (m: string, p: string) => Error)('not v1', 'version'),
  JobArchiveError: (C) => new (C as unknown as new (m: string) => Error)('unreadable'),
  WebhookVerificationError: (C) =>
    new (C as unknown as new (m: string, r: string) => Error)('bad signature', 'signature_mismatch'),
};
const NAMES = Object.keys(FACTORIES);
const LEAVES = NAMES.filter((name) => name !== 'FinetuneKitError');

const ENTRY = [
  "export * from './src/errors.ts';",
  "export { MetricsFormatError } from './src/metrics/metrics-format-error.ts';",
  "export { JobArchiveError } from './src/metrics/archive-format.ts';",
  "export { WebhookVerificationError } from './src/job/webhook-verify.ts';",
].join('\n');

let directory = '';

/** Bundles and minifies the entry into a file of its own and imports it: one "installed copy". */
async function minifiedCopy(label: string): Promise<Bundle> {
  const result = await build({
    stdin: { contents: ENTRY, resolveDir: resolve(import.meta.dirname, '..'), loader: 'ts' },
    bundle: true,
    minify: true,
    write: false,
    format: 'esm',
    platform: 'node',
    logLevel: 'silent',
  });
  const file = join(directory, `${label}.mjs`);
  writeFileSync(file, result.outputFiles[0]?.text ?? '');
  return (await import(pathToFileURL(file).href)) as Bundle;
}

let first: Bundle;
let second: Bundle;

beforeAll(async () => {
  directory = mkdtempSync(join(tmpdir(), 'finetune-kit-minified-'));
  [first, second] = await Promise.all([minifiedCopy('first'), minifiedCopy('second')]);
});

afterAll(() => {
  if (directory) rmSync(directory, { recursive: true, force: true });
});

/** The class `name` of `bundle`, checked to exist. */
function classOf(bundle: Bundle, name: string): ErrorClass {
  const Class = bundle[name];
  if (Class === undefined) throw new Error(`The bundle does not export ${name}.`);
  return Class;
}

describe('isInstance on minified bundles', () => {
  it('the bundles really are minified: class names are gone', () => {
    expect(classOf(first, 'UploadError').name).not.toBe('UploadError');
    expect(first.UploadError).not.toBe(second.UploadError);
    expect(
      Object.keys(first)
        .filter((key) => key.endsWith('Error'))
        .sort(),
    ).toEqual([...NAMES].sort());
  });

  it('covers every error class that src/ derives from FinetuneKitError', () => {
    const sources = execFileSync(
      'git',
      ['grep', '-h', '-E', 'class [A-Za-z]+ extends [A-Za-z]+', '--', 'src'],
      {
        cwd: resolve(import.meta.dirname, '..'),
        encoding: 'utf8',
      },
    );
    const family = new Set(['FinetuneKitError']);
    const declarations = [...sources.matchAll(/class (\w+) extends (\w+)/g)];
    // Repeat until stable: a subclass of a subclass is found once its base is known.
    for (let size = 0; size !== family.size; ) {
      size = family.size;
      for (const [, name, base] of declarations) if (base && name && family.has(base)) family.add(name);
    }
    expect([...family].sort()).toEqual([...NAMES].sort());
  });

  it.each(NAMES)('%s.isInstance matches its own instances and those of the base only', (name) => {
    const error = FACTORIES[name]?.(classOf(first, name)) as Error;
    expect(classOf(first, name).isInstance(error)).toBe(true);
    expect(classOf(first, 'FinetuneKitError').isInstance(error)).toBe(true);
    for (const other of LEAVES.filter((leaf) => leaf !== name)) {
      expect(classOf(first, other).isInstance(error), `${other}.isInstance(new ${name})`).toBe(false);
    }
  });

  it.each(LEAVES)('%s.isInstance matches an instance from another copy, and not plain errors', (name) => {
    const foreign = FACTORIES[name]?.(classOf(second, name)) as Error;
    expect(foreign instanceof classOf(first, name)).toBe(false);
    expect(classOf(first, name).isInstance(foreign)).toBe(true);
    expect(classOf(first, 'FinetuneKitError').isInstance(foreign)).toBe(true);
    expect(classOf(first, name).isInstance(new Error(name))).toBe(false);
    expect(classOf(first, name).isInstance(null)).toBe(false);
  });

  it.each(LEAVES)('a subclass of %s matches the isInstance of its bases, in both copies', (name) => {
    const Base = classOf(first, name);
    const Sub = class extends (Base as unknown as new (
      ...args: unknown[]
    ) => Error) {} as unknown as ErrorClass;
    const error = FACTORIES[name]?.(Sub) as Error;
    expect(Base.isInstance(error)).toBe(true);
    expect(classOf(second, name).isInstance(error)).toBe(true);
    expect(classOf(second, 'FinetuneKitError').isInstance(error)).toBe(true);
  });

  it('guards work unbound, e.g. passed to filter', () => {
    const errors = [
      FACTORIES.UploadError?.(classOf(first, 'UploadError')),
      FACTORIES.DatasetError?.(classOf(second, 'DatasetError')),
      new Error('plain'),
    ];
    const { isInstance } = classOf(first, 'UploadError');
    expect(errors.filter(isInstance)).toEqual([errors[0]]);
    expect(errors.filter(classOf(first, 'FinetuneKitError').isInstance)).toHaveLength(2);
  });
});
