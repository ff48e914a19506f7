import { cloudflareTest } from '@cloudflare/vitest-plugin';
import { defineProject } from 'vitest/config';
import { TEST_ADMIN_TOKEN, TEST_APPS } from './test/apps.ts';

// The pool warns when a required secret is absent from the environment; tests bind it below.
process.env.ADMIN_TOKEN ??= TEST_ADMIN_TOKEN;

export default defineProject({
  plugins: [
    cloudflareTest({
      wrangler: { configPath: './wrangler.jsonc' },
      miniflare: {
        bindings: { ADMIN_TOKEN: TEST_ADMIN_TOKEN, APPS: TEST_APPS, DEFAULT_APP: 'demo' },
      },
    }),
  ],
  // The workers pool resolves through Vite's ssr environment: workspace packages from source.
  ssr: { resolve: { conditions: ['@crowdbandit/source'] } },
  test: { name: 'edge', include: ['test/**/*.test.ts'] },
});
