// Runs the code cells of a Jupyter notebook as one Deno module, in the notebook's folder, so CI
// proves the Deno notebook example works. Usage: node .ci/run-notebook.mjs <deno> <notebook.ipynb>
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

const [deno, notebookPath] = process.argv.slice(2);
const notebook = JSON.parse(readFileSync(notebookPath, 'utf8'));
// Each cell ends with `;` so a trailing expression of one cell cannot run into the next.
const source = notebook.cells
  .filter((cell) => cell.cell_type === 'code')
  .map((cell) => `${[].concat(cell.source).join('')};`)
  .join('\n\n');
const script = join(dirname(notebookPath), '.notebook-cells.ts');
writeFileSync(script, source);
try {
  execFileSync(deno, ['run', '--allow-all', '--no-check', script], { stdio: 'inherit' });
  console.log(`ok ${notebookPath}: every code cell ran under Deno`);
} finally {
  rmSync(script, { force: true });
}
