import { defineConfig } from 'vitest/config';

// Heavy cases (hundreds of MB, long fault scenarios): run by .ci/run after the main suite, never by `npm test`.
export default defineConfig({
  test: {
    include: ['test/heavy/**/*.test.ts'],
    environment: 'node',
    testTimeout: 600_000,
    hookTimeout: 120_000,
    fileParallelism: false,
  },
});
