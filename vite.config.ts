import { defaultClientConditions, defaultServerConditions } from 'vite';
import { defineConfig } from 'vitest/config';

// Workspace packages are consumed from source through this export condition (see each
// package.json), so tests and dev servers never need a build step.
const source = '@crowdbandit/source';

export default defineConfig({
  resolve: { conditions: [source, ...defaultClientConditions] },
  ssr: { resolve: { conditions: [source, ...defaultServerConditions] } },
  test: {
    reporters: ['default', './scripts/summary-reporter.ts'],
    projects: [
      'worker/vitest.config.ts',
      {
        extends: true,
        test: { name: 'core', include: ['packages/core/src/**/*.test.ts'], environment: 'node' },
      },
      {
        extends: true,
        test: { name: 'lab', include: ['apps/lab/src/**/*.test.ts'], environment: 'node' },
      },
      {
        extends: true,
        test: {
          name: 'protocol',
          include: ['packages/protocol/src/**/*.test.ts'],
          environment: 'node',
        },
      },
      {
        extends: true,
        test: {
          name: 'sdk',
          include: [
            'packages/sdk/src/**/*.test.ts',
            'packages/sdk/test/**/*.test.ts',
            'packages/sdk/bench/**/*.test.ts',
          ],
          environment: 'happy-dom',
          setupFiles: ['packages/sdk/test/setup.ts'],
        },
      },
      {
        extends: true,
        test: {
          // Everything that starts real servers (workerd, Vite, Chromium) runs here, one file
          // at a time.
          name: 'browser',
          include: [
            'test/browser/**/*.test.ts',
            'test/integration/**/*.test.ts',
            'test/e2e/**/*.test.ts',
          ],
          environment: 'node',
          globalSetup: ['test/browser/print-chromium.ts'],
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
