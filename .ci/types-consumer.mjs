// Compiles a strict TypeScript consumer against the packed tarball, the way a user's project sees
// the published types: `strict`, `skipLibCheck: false` (so every shipped .d.ts/.d.cts is checked),
// `module`/`moduleResolution: nodenext`, `openai` installed and the optional peer `msw` absent.
// A second run installs msw and checks that `sim.handlers()` still types as msw's own handlers.
//
// Usage: node .ci/types-consumer.mjs [package-dir]   (default: the repository; run after the build)
//
// Offline by design: the tarball is unpacked into a temporary project and its dependencies (plus
// typescript, openai, @types/node and, for the second run, msw) are linked from the repository's
// node_modules, so no registry is needed and the versions are the ones the repository tests with.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { linkFromRepo, pack, repo } from './packed-package.mjs';

const packageDir = resolve(process.argv[2] ?? repo);
const work = mkdtempSync(join(tmpdir(), 'finetune-kit-types-'));
let passed = false;

try {
  const tarball = pack(packageDir, work);
  const project = join(work, 'consumer');
  const modules = join(project, 'node_modules');
  mkdirSync(modules, { recursive: true });
  execFileSync('tar', ['-xzf', tarball, '-C', work]);
  renameSync(join(work, 'package'), join(modules, 'finetune-kit'));
  const pkg = JSON.parse(readFileSync(join(modules, 'finetune-kit', 'package.json'), 'utf8'));
  for (const name of [...Object.keys(pkg.dependencies ?? {}), 'typescript', 'openai', '@types/node']) {
    linkFromRepo(modules, name);
  }
  writeFileSync(join(project, 'package.json'), `${JSON.stringify({ private: true, type: 'module' })}\n`);

  const subpaths = Object.keys(pkg.exports).filter((key) => key !== './package.json');
  const specifiers = subpaths.map((key) => (key === '.' ? 'finetune-kit' : `finetune-kit/${key.slice(2)}`));
  writeFileSync(join(project, 'all-subpaths.mts'), esmConsumer(specifiers));
  writeFileSync(join(project, 'all-subpaths.cts'), cjsConsumer(specifiers));
  writeConfig(project, ['all-subpaths.mts', 'all-subpaths.cts']);
  assertNotResolvable(project, 'msw');
  tsc(project, `every subpath (${specifiers.join(', ')}), ESM and CJS, without msw`);

  linkFromRepo(modules, 'msw');
  writeFileSync(join(project, 'with-msw.mts'), mswConsumer());
  writeConfig(project, ['all-subpaths.mts', 'all-subpaths.cts', 'with-msw.mts']);
  tsc(project, 'with msw installed: sim.handlers() are msw handlers');
  passed = true;
} finally {
  // Keep the project of a failed run so the errors can be reproduced with `npx tsc -p <dir>`.
  if (passed) rmSync(work, { recursive: true, force: true });
  else console.error(`types-consumer: kept ${work} for inspection`);
}

function assertNotResolvable(project, name) {
  const require = createRequire(join(project, 'package.json'));
  try {
    require.resolve(`${name}/package.json`);
  } catch {
    return;
  }
  throw new Error(`types-consumer: ${name} is resolvable from ${project}; the check needs it absent`);
}

function writeConfig(project, files) {
  const compilerOptions = {
    strict: true,
    skipLibCheck: false,
    module: 'nodenext',
    moduleResolution: 'nodenext',
    target: 'es2022',
    lib: ['es2023', 'dom'],
    types: ['node'],
    noEmit: true,
  };
  writeFileSync(join(project, 'tsconfig.json'), `${JSON.stringify({ compilerOptions, files }, null, 2)}\n`);
}

function tsc(project, what) {
  const bin = join(project, 'node_modules', 'typescript', 'bin', 'tsc');
  try {
    execFileSync(process.execPath, [bin, '-p', project, '--pretty', 'false'], {
      cwd: project,
      encoding: 'utf8',
    });
  } catch (error) {
    process.stderr.write(error.stdout ?? '');
    throw new Error(`types-consumer: tsc failed for ${what}`);
  }
  console.log(`ok types: ${what}`);
}

/** Imports every subpath (namespaces keep every declaration reachable) and uses a few types. */
function esmConsumer(specifiers) {
  const namespaces = specifiers
    .map((specifier, i) => `import * as ns${i} from '${specifier}';\nexport const keep${i} = ns${i};`)
    .join('\n');
  return `${namespaces}
import { FinetuneKitError } from 'finetune-kit';
import { Dataset, type DatasetIssue, type DatasetReport } from 'finetune-kit/dataset';
import { FineTuneJob } from 'finetune-kit/job';
import { Metrics, type MetricsJson } from 'finetune-kit/metrics';
import { createSimulator, type SimulatedJob } from 'finetune-kit/testing';
import OpenAI from 'openai';

export async function use(): Promise<string> {
  const report: DatasetReport = await Dataset.fromString('{"messages":[]}').validate({ model: 'gpt-4o-mini' });
  const first: DatasetIssue | undefined = report.issues[0];
  const sim = createSimulator({ seed: 1 });
  const client = new OpenAI({ apiKey: 'sk-sim', baseURL: sim.baseURL, fetch: sim.fetch });
  const job = await FineTuneJob.create(client, { model: 'gpt-4o-mini', training_file: 'file-x' });
  const simulated: SimulatedJob | undefined = sim.getJob(job.id);
  const json: MetricsJson = (await job.metrics()).toJSON();
  const back: Metrics = Metrics.fromJSON(json);
  const error: FinetuneKitError | null = null;
  return [first?.code, simulated?.status, back.steps.length, error].join(' ');
}
`;
}

function cjsConsumer(specifiers) {
  return `${specifiers.map((specifier, i) => `import ns${i} = require('${specifier}');\nexport const keep${i} = ns${i};`).join('\n')}
`;
}

function mswConsumer() {
  return `import { setupServer } from 'msw/node';
import type { HttpHandler } from 'msw';
import { createSimulator } from 'finetune-kit/testing';

export async function serve(): Promise<HttpHandler[]> {
  const sim = createSimulator();
  const handlers = await sim.handlers();
  setupServer(...handlers);
  // Fails if the handlers degraded to \`any\` although msw is installed.
  // @ts-expect-error an msw handler is not a number
  const notANumber: number = handlers[0];
  return notANumber === 0 ? [] : handlers;
}
`;
}
