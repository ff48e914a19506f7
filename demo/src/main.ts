import { createClient, preload } from '@crowdbandit/sdk';
import { render } from 'lit-html';
import { DemoApp } from './app.ts';
import { DECISIONS } from './decisions.ts';
import { loadFilms } from './films.ts';
import { page } from './view/page.ts';
import './demo.css';

// Query parameters make the demo scriptable: ?edge=URL&app=ID&key=KEY point it elsewhere,
// ?seed=N makes rankings deterministic, ?clock=manual runs the engine in the page with a
// clock that crowdbanditDemo.advanceClock(ms) moves (an injected clock cannot cross into a
// Web Worker).
const params = new URLSearchParams(location.search);
const edge = {
  url: params.get('edge') ?? import.meta.env.VITE_EDGE_URL ?? 'http://127.0.0.1:8787',
  app: params.get('app') ?? 'demo',
  key: params.get('key') ?? 'pk_demo_local',
};
const seedParam = params.get('seed');
const seed = seedParam === null ? undefined : Number(seedParam);
let clockOffset = 0;
const manualClock = params.get('clock') === 'manual';
const now = () => Date.now() + clockOffset;

// The engine's worker starts while the page builds its catalog.
if (!manualClock) preload();
const films = loadFilms();
const client = createClient({
  appId: edge.app,
  endpoint: edge.url,
  publishableKey: edge.key,
  decisions: DECISIONS,
  flushIntervalMs: 2000,
  // A like adds 0.15 to each of the film's five features: films sharing three of them gain
  // about 0.2, enough to move up visibly without drowning the ratings.
  session: { eta: 0.15 },
  ...(seed === undefined ? {} : { seed }),
  ...(manualClock ? { worker: false as const, now } : {}),
});
const app = new DemoApp(client, films, edge, seed ?? 1, now);
const root = document.getElementById('app')!;
root.replaceChildren();
app.onChange = () => render(page(app), root);

declare global {
  interface Window {
    crowdbanditDemo: {
      app: DemoApp;
      client: typeof client;
      films: typeof films;
      ready: Promise<void>;
      meanPosition(filmId: string, runs?: number): Promise<number>;
      advanceClock(ms: number): void;
    };
  }
}

const ready = app.start();
window.crowdbanditDemo = {
  app,
  client,
  films,
  ready,
  meanPosition: (id, runs) => app.meanPosition(id, runs),
  advanceClock: (ms) => {
    if (!manualClock) throw new Error('load the page with ?clock=manual to move its clock');
    clockOffset += ms;
  },
};
await ready;
document.body.dataset.ready = 'true';
