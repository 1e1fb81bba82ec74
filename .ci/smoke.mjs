// Loads every subpath of the built package the way users do: ESM import and CJS require.
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const pkg = require('../package.json');
const subpaths = Object.keys(pkg.exports).filter((key) => key !== './package.json');
for (const subpath of subpaths) {
  const specifier = subpath === '.' ? 'finetune-kit' : `finetune-kit/${subpath.slice(2)}`;
  const esm = await import(specifier);
  const cjs = require(specifier);
  const esmKeys = Object.keys(esm).sort().join(',');
  const cjsKeys = Object.keys(cjs).sort().join(',');
  if (esmKeys !== cjsKeys)
    throw new Error(`${specifier}: ESM and CJS exports differ:\n${esmKeys}\n${cjsKeys}`);
  console.log(`ok ${specifier} (${Object.keys(esm).length} exports, ESM = CJS)`);
}
const bin = new URL(`../${pkg.bin['finetune-kit']}`, import.meta.url).pathname;
const help = execFileSync(process.execPath, [bin, '--help'], { encoding: 'utf8' });
if (!help.includes('finetune-kit')) throw new Error('CLI --help printed no usage');
console.log('ok CLI --help');
