#!/usr/bin/env node
// The API report: what each entry of the built package declares, as API Extractor prints it from
// `dist/**/index.d.ts`. `--write` (npm run api:report) rewrites `api/*.api.md`; `--check`
// (npm run api:check, run by CI after the build) fails when a report differs from the committed
// one, so a change to the public surface is always a reviewed change to `api/`.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Extractor, ExtractorConfig } from '@microsoft/api-extractor';

const mode = process.argv[2];
if (mode !== '--write' && mode !== '--check') {
  console.error('usage: node scripts/api-report.mjs --write | --check');
  process.exit(2);
}
const root = resolve(import.meta.dirname, '..');
const reportFolder = join(root, 'api');
// `--check` writes its fresh reports here and compares; the committed ones are left alone.
const tempFolder = mkdtempSync(join(tmpdir(), 'finetune-kit-api-'));
process.on('exit', () => rmSync(tempFolder, { recursive: true, force: true }));

/** One API Extractor config per package entry: report name → built declaration file. */
const entries = {
  'finetune-kit': 'dist/index.d.ts',
  'finetune-kit-dataset': 'dist/dataset/index.d.ts',
  'finetune-kit-job': 'dist/job/index.d.ts',
  'finetune-kit-metrics': 'dist/metrics/index.d.ts',
  'finetune-kit-testing': 'dist/testing/index.d.ts',
  'finetune-kit-evaluate': 'dist/evaluate/index.d.ts',
};

let changed = 0;
for (const [name, dts] of Object.entries(entries)) {
  const entry = join(root, dts);
  if (!existsSync(entry)) {
    console.error(`${dts} is missing: run npm run build first.`);
    process.exit(1);
  }
  const config = ExtractorConfig.prepare({
    configObjectFullPath: join(root, 'api', `${name}.api-extractor.json`),
    packageJsonFullPath: join(root, 'package.json'),
    configObject: {
      projectFolder: root,
      mainEntryPointFilePath: entry,
      compiler: { overrideTsconfig: { compilerOptions: { skipLibCheck: true, types: ['node'] } } },
      apiReport: {
        enabled: true,
        reportFileName: `${name}.api.md`,
        reportFolder,
        reportTempFolder: tempFolder,
      },
      docModel: { enabled: false },
      dtsRollup: { enabled: false },
      tsdocMetadata: { enabled: false },
      newlineKind: 'lf',
      messages: {
        // The report is about names and shapes; TSDoc style and release tags are not checked here.
        extractorMessageReporting: {
          default: { logLevel: 'none' },
          'ae-missing-release-tag': { logLevel: 'none' },
          'ae-forgotten-export': { logLevel: 'none', addToApiReportFile: false },
        },
        tsdocMessageReporting: { default: { logLevel: 'none' } },
        compilerMessageReporting: { default: { logLevel: 'error' } },
      },
    },
  });
  const result = Extractor.invoke(config, {
    localBuild: mode === '--write',
    showVerboseMessages: false,
    messageCallback: (message) => {
      // Only errors are worth a line; the rest is API Extractor narrating its run.
      if (message.logLevel !== 'error') message.handled = true;
    },
  });
  if (result.errorCount > 0) {
    console.error(`api-extractor failed on ${dts} (${result.errorCount} errors).`);
    process.exit(1);
  }
  if (mode === '--check' && result.apiReportChanged) {
    changed += 1;
    const committed = join(reportFolder, `${name}.api.md`);
    const fresh = join(tempFolder, `${name}.api.md`);
    console.error(`\napi/${name}.api.md differs from the public surface of ${dts}:`);
    try {
      execFileSync('diff', ['-u', existsSync(committed) ? committed : '/dev/null', fresh], {
        stdio: 'inherit',
      });
    } catch {
      // diff exits 1 when the files differ: that is the expected case here.
    }
  } else if (mode === '--write') {
    console.log(`api/${name}.api.md ${result.apiReportChanged ? 'updated' : 'unchanged'}`);
  }
}
if (changed > 0) {
  console.error(`\n${changed} API report(s) changed: run npm run api:report and commit the result.`);
  process.exit(1);
}
if (mode === '--check') console.log('API reports match the built declarations.');
