import { defaultClientConditions, defineConfig } from 'vite';

export default defineConfig({
  resolve: { conditions: ['@crowdbandit/source', ...defaultClientConditions] },
  server: { host: '127.0.0.1', port: 5174 },
});
