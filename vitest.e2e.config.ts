import { defineConfig } from 'vitest/config';

// End-to-end suites drive real browsers against built extensions: one file at a time.
export default defineConfig({
  test: {
    include: ['e2e/**/*.test.ts'],
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
