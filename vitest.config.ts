import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    testTimeout: 20_000,
    hookTimeout: 120_000,
    // Lab tests share one replica of production and change it (faults, deploys), so their
    // files run one at a time; see test/lab/README.md.
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: ['test/**/*.test.{ts,tsx}'], exclude: ['test/lab/**'] },
      },
      {
        extends: true,
        test: {
          name: 'lab',
          include: ['test/lab/**/*.test.{ts,tsx}'],
          fileParallelism: false,
          testTimeout: 180_000,
        },
      },
    ],
  },
});
