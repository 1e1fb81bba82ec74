import { defineConfig } from 'tsup';

// One build for the library entries and the CLI. Each subpath is its own entry so a user who
// imports `finetune-kit/metrics` never loads the tokenizer or `openai`.
export default defineConfig({
  entry: {
    index: 'src/index.ts',
    'dataset/index': 'src/dataset/index.ts',
    'metrics/index': 'src/metrics/index.ts',
    'job/index': 'src/job/index.ts',
    'testing/index': 'src/testing/index.ts',
    'cli/main': 'src/cli/main.ts',
  },
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  clean: true,
  splitting: true,
  treeshake: true,
  target: 'node20',
  external: ['openai', 'msw'],
  shims: true,
});
