import { defineConfig } from 'vitest/config';

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
          exclude: ['test/heavy/**', 'test/cli/**'],
          isolate: false,
          typecheck: { enabled: true, include: ['test/**/*.test-d.ts'] },
        },
      },
      {
        // CLI tests keep one module registry per file: their helpers set up a simulated account
        // per file at import time.
        test: { ...shared, name: 'cli', include: ['test/cli/**/*.test.ts'], isolate: true },
      },
    ],
  },
});
