import { cloudflareTest } from '@cloudflare/vitest-plugin';
import { defineProject } from 'vitest/config';
import { TEST_ADMIN_TOKEN, TEST_APPS, TEST_CLIENT_ID_SECRET } from './test/apps.ts';

// The pool warns when a required secret is absent from the environment; tests bind it below.
process.env.ADMIN_TOKEN ??= TEST_ADMIN_TOKEN;
process.env.CLIENT_ID_SECRET ??= TEST_CLIENT_ID_SECRET;

export default defineProject({
  plugins: [
    cloudflareTest({
      wrangler: { configPath: './wrangler.jsonc' },
      miniflare: {
        bindings: {
          ADMIN_TOKEN: TEST_ADMIN_TOKEN,
          CLIENT_ID_SECRET: TEST_CLIENT_ID_SECRET,
          APPS: TEST_APPS,
          DEFAULT_APP: 'demo',
        },
      },
    }),
  ],
  // The workers pool resolves through Vite's ssr environment: workspace packages from source.
  ssr: { resolve: { conditions: ['@crowdbandit/source'] } },
  test: { name: 'edge', include: ['test/**/*.test.ts'] },
});
