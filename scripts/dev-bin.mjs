/**
 * Run by `npm install` / `npm ci` in a checkout (the `prepare` script): writes a small
 * `dist/cli/main.js` that runs the CLI from `src/` through tsx, so `npx finetune-kit …` works right
 * after cloning, without a build (a full `npm run build` takes a minute or more and has no place in
 * every install).
 *
 * An existing `dist/cli/main.js` is left alone: after `npm run build` (and during `npm pack` /
 * `npm publish`, whose `prepack` builds first) it is the real CLI. `npm run build` cleans `dist/`,
 * so the launcher never ends up in a package.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = join(root, 'dist', 'cli', 'main.js');
const source = join(root, 'src', 'cli', 'main.ts');

// Installed from the registry (no src/) or already built: nothing to do.
if (!existsSync(source) || existsSync(bin)) process.exit(0);

mkdirSync(dirname(bin), { recursive: true });
writeFileSync(
  bin,
  `#!/usr/bin/env node
// Development launcher written by scripts/dev-bin.mjs: runs the CLI from src/ with tsx.
// \`npm run build\` replaces this file with the built CLI.
import { register } from 'tsx/esm/api';

register();
await import('../../src/cli/main.ts');
`,
  { mode: 0o755 },
);
