// The engine's module worker, and a way to start it before the app creates its client: a
// worker takes tens of milliseconds to start, time an app usually spends fetching its catalog.

let spare: Worker | null = null;

/**
 * Starts the engine's Web Worker now, so that `createClient`, called later (once the app
 * has its catalog, say), finds it running instead of waiting for it. Call it as early as
 * the page can; calling it again, or where Web Workers are unavailable, does nothing. A
 * client created with `worker: false` or its own `worker` function leaves it unused.
 *
 * @example
 * import { createClient, preload } from '@crowdbandit/sdk';
 *
 * preload(); // first thing: the worker starts while the catalog loads
 * const films = await (await fetch('/films.json')).json();
 * const client = createClient({ appId: 'demo', decisions: { 'home-feed': { kind: 'rank' } } });
 * await client.setCatalog('films', films);
 */
export function preload(): void {
  if (spare === null && typeof Worker !== 'undefined') spare = startWorker();
}

/** The preloaded worker if there is one (once), else a new one. */
export function defaultWorker(): Worker {
  const worker = spare ?? startWorker();
  spare = null;
  return worker;
}

/**
 * The SDK's own module worker. `.js`, not `.ts`: bundlers (Vite) map it to the source file,
 * and in the compiled package it names the emitted file next to this one.
 */
function startWorker(): Worker {
  return new Worker(new URL('./worker-entry.js', import.meta.url), { type: 'module' });
}
