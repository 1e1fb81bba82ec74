// Fallback of CI's notebook step, used only when Debian's python3-nbclient cannot be installed (CI
// then fails anyway): runs the code cells of a Jupyter notebook as one Deno module, in the
// notebook's folder (the working folder Jupyter gives its kernel), to say whether the code runs at
// all. It cannot see what a single cell does in the kernel: `.ci/run-notebook.py` checks that.
// Usage: node .ci/run-notebook.mjs <deno> <notebook.ipynb>
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

const [deno, notebookPath] = process.argv.slice(2);
const notebook = JSON.parse(readFileSync(notebookPath, 'utf8'));
// Each cell ends with `;` so a trailing expression of one cell cannot run into the next.
const source = notebook.cells
  .filter((cell) => cell.cell_type === 'code')
  .map((cell) => `${[].concat(cell.source).join('')};`)
  .join('\n\n');
const folder = dirname(resolve(notebookPath));
const script = join(folder, '.notebook-cells.ts');
writeFileSync(script, source);
try {
  execFileSync(resolve(deno), ['run', '--allow-all', '--no-check', script], {
    stdio: 'inherit',
    cwd: folder,
  });
  console.log(`ok ${notebookPath}: the code cells ran as one Deno module (not cell by cell)`);
} finally {
  rmSync(script, { force: true });
}
