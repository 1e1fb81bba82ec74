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
    'evaluate/index': 'src/evaluate/index.ts',
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
  // No shims: tsup's `__filename`/`__dirname` shims import `path` and `url` at the top of every ESM
  // chunk, so even `finetune-kit/metrics` would load Node built-ins. The two modules that need their
  // own location (the worker entry, the rank data loader) use `__filename` where CommonJS has it
  // and `import.meta.url` elsewhere. `.ci/dist-imports.mjs` checks the result.
  shims: false,
});
