import { defineConfig } from 'vitest/config';
import { upstreamPlaceholders } from './test/upstream/helpers/rewrite-plugin.js';

const shared = {
  environment: 'node',
  testTimeout: 30_000,
  unstubEnvs: true,
} as const;

export default defineConfig({
  test: {
    projects: [
      {
        // Library tests: the files of one worker share loaded modules instead of importing src/
        // again for each file (about half the suite's time). A test that needs fresh modules calls
        // vi.resetModules().
        test: {
          ...shared,
          name: 'library',
          include: ['test/**/*.test.ts'],
          exclude: ['test/heavy/**', 'test/cli/**', 'test/upstream/**'],
          isolate: false,
          typecheck: { enabled: true, include: ['test/**/*.test-d.ts'] },
        },
      },
      {
        // CLI tests keep one module registry per file: their helpers set up a simulated account
        // per file at import time.
        test: { ...shared, name: 'cli', include: ['test/cli/**/*.test.ts'], isolate: true },
      },
      {
        // The official openai-node tests of the fine-tuning resources, vendored as upstream wrote
        // them (jest-style globals) and run against the simulator: the setup file starts one
        // simulator per file, the plugin swaps placeholder ids for its real objects at load time.
        // See test/upstream/README.md.
        plugins: [upstreamPlaceholders()],
        test: {
          ...shared,
          name: 'upstream',
          include: ['test/upstream/**/*.test.ts'],
          globals: true,
          setupFiles: ['test/upstream/helpers/setup.ts'],
          isolate: false,
        },
      },
    ],
  },
});
