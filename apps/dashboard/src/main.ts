// First: before uPlot reads navigator.language.
import './locale-guard.ts';
import './dashboard.css';
import { Dashboard } from './dashboard.ts';

const root = document.getElementById('app')!;
new Dashboard(root, {
  storage: sessionStorage,
  fetch: globalThis.fetch.bind(globalThis),
  WebSocket,
  location,
  history,
  now: Date.now,
}).start();
