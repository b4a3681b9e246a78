import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.{ts,tsx}'],
    exclude: ['test/bench/**', 'node_modules/**'],
    // Ink renders nothing live under CI=true (CONTRIBUTING.md §T2); the component tests need frames.
    env: { CI: 'false' },
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
