// Runs a TypeScript program with ts-node against the packed tarball, the way users of classic
// setups run scripts, in two temporary projects:
//
// - CommonJS: `"module": "commonjs"` with `moduleResolution: node10` (TypeScript 5's default for
//   commonjs, which ignores `exports`): the subpaths' types come from `typesVersions`; without it,
//   `finetune-kit/dataset` is TS2307.
// - ESM: `"type": "module"`, `"module": "nodenext"`, run with `node --loader ts-node/esm` (the way
//   ts-node's README gives for Node 20; its `ts-node-esm` bin fails there with
//   ERR_UNKNOWN_FILE_EXTENSION).
//
// Each program imports the root and every subpath, validates a file and runs a job on the
// simulator, and ts-node type-checks it (no transpile-only), so a type that does not resolve fails.
//
// Usage: node .ci/ts-node-smoke.mjs [package-dir]   (default: the repository; run after the build)
//
// Offline, like .ci/types-consumer.mjs: the tarball is unpacked into each project and its
// dependencies (plus typescript, ts-node, openai and @types/node) are linked from the repository.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { linkFromRepo, pack, repo } from './packed-package.mjs';

const packageDir = resolve(process.argv[2] ?? repo);
const work = mkdtempSync(join(tmpdir(), 'finetune-kit-ts-node-'));
let passed = false;

const PROGRAM = `import { FinetuneKitError } from 'finetune-kit';
import { Dataset, type DatasetReport } from 'finetune-kit/dataset';
import { FineTuneJob, type FineTuneJobSnapshot } from 'finetune-kit/job';
import { Metrics } from 'finetune-kit/metrics';
import { createSimulator } from 'finetune-kit/testing';
// The named export: ts-node 10's ESM loader type-checks the default import as CommonJS's namespace.
import { OpenAI } from 'openai';

async function main(): Promise<void> {
  const report: DatasetReport = await Dataset.fromFile('chat-support.jsonl').validate({ model: 'gpt-4o-mini' });
  if (report.countsBySeverity.error !== 0) throw new Error(\`expected a valid file, got \${report.countsBySeverity.error} errors\`);
  const sim = createSimulator({ seed: 7 });
  const client = new OpenAI({ apiKey: 'sk-sim', baseURL: sim.baseURL, fetch: sim.fetch, maxRetries: 0 });
  const job = await FineTuneJob.create(client, { model: 'gpt-4o-mini', training_file: 'chat-support.jsonl' }, { clock: sim.clock });
  const done: FineTuneJobSnapshot = await job.wait();
  const metrics: Metrics = await job.metrics();
  const unused: FinetuneKitError | null = null;
  console.log(\`\${report.examples} examples valid; job \${done.status} with \${metrics.steps.length} steps\${unused ?? ''}\`);
  if (done.status !== 'succeeded' || metrics.steps.length === 0) process.exitCode = 1;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
`;

try {
  const tarball = pack(packageDir, work);
  execFileSync('tar', ['-xzf', tarball, '-C', work]);
  run('commonjs', {
    packageJson: { private: true },
    compilerOptions: {
      module: 'commonjs',
      // TypeScript 5 implies node10 for commonjs; TypeScript 6 (the repository's) no longer does and
      // reports node10 as deprecated, so both are spelled out to test what TypeScript 5 users get.
      moduleResolution: 'node10',
      ignoreDeprecations: '6.0',
      target: 'es2022',
      strict: true,
      esModuleInterop: true,
      types: ['node'],
    },
    file: 'main.ts',
    args: [join(repo, 'node_modules', 'ts-node', 'dist', 'bin.js')],
  });
  run('esm', {
    packageJson: { private: true, type: 'module' },
    compilerOptions: {
      module: 'nodenext',
      moduleResolution: 'nodenext',
      target: 'es2022',
      strict: true,
      types: ['node'],
    },
    file: 'main.ts',
    args: ['--loader', 'ts-node/esm'],
  });
  passed = true;
} finally {
  if (passed) rmSync(work, { recursive: true, force: true });
  else console.error(`ts-node-smoke: kept ${work} for inspection`);
}

/** One project: the unpacked package, linked dependencies, a tsconfig, the program; runs it. */
function run(name, { packageJson, compilerOptions, file, args }) {
  const project = join(work, name);
  const modules = join(project, 'node_modules');
  mkdirSync(modules, { recursive: true });
  cpSync(join(work, 'package'), join(modules, 'finetune-kit'), { recursive: true });
  const pkg = JSON.parse(readFileSync(join(modules, 'finetune-kit', 'package.json'), 'utf8'));
  for (const dependency of [
    ...Object.keys(pkg.dependencies ?? {}),
    'typescript',
    'ts-node',
    'openai',
    '@types/node',
  ]) {
    linkFromRepo(modules, dependency);
  }
  writeFileSync(join(project, 'package.json'), `${JSON.stringify(packageJson)}\n`);
  writeFileSync(join(project, 'tsconfig.json'), `${JSON.stringify({ compilerOptions }, null, 2)}\n`);
  writeFileSync(join(project, file), PROGRAM);
  cpSync(join(repo, 'examples', 'data', 'chat-support.jsonl'), join(project, 'chat-support.jsonl'));
  let output;
  try {
    output = execFileSync(process.execPath, [...args, file], {
      cwd: project,
      encoding: 'utf8',
      stdio: 'pipe',
    });
  } catch (error) {
    process.stderr.write(`${error.stdout ?? ''}${error.stderr ?? ''}`);
    throw new Error(
      `ts-node-smoke: ts-node failed in the ${name} project (${JSON.stringify(compilerOptions)})`,
    );
  }
  console.log(
    `ok ts-node (${name}, module ${compilerOptions.module}, resolution ${compilerOptions.moduleResolution}): ${output.trim()}`,
  );
}
