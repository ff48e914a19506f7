import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { defaultClientConditions, defineConfig } from 'vite';

// vega-datasets exports only its JS entry; the catalog reads the raw movies.json.
const datasets = dirname(createRequire(import.meta.url).resolve('vega-datasets'));

export default defineConfig({
  resolve: {
    conditions: ['@crowdbandit/source', ...defaultClientConditions],
    alias: { 'vega-datasets/movies.json': join(datasets, '../data/movies.json') },
  },
  server: { host: '127.0.0.1', port: 5173 },
  preview: { host: '127.0.0.1', port: 4173 },
  worker: { format: 'es' },
  build: { target: 'es2022' },
});
