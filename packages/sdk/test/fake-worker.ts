// Test helper: a Worker stand-in that runs an engine host in this thread behind a
// MessageChannel, and can crash (an `error` event) or hang (stop answering) on demand.
import { IDBFactory } from 'fake-indexeddb';
import { createEngineHost } from '../src/host/engine-host.ts';
import type { HostPlatform } from '../src/host/platform.ts';
import { serveHost } from '../src/host/serve-host.ts';

export interface FakeWorker extends Worker {
  /** From now on, messages to the worker are lost (a busy loop, a deadlock). */
  hang(): void;
  /** Fires an `error` event, as an uncaught exception in a worker does. */
  crash(message?: string): void;
  readonly terminated: boolean;
  /** The host methods called, in order, each with how many answers had come back by then. */
  readonly calls: ReadonlyArray<{ readonly method: string; readonly answersBefore: number }>;
}

function fakeWorker(platform: HostPlatform): FakeWorker {
  const { port1, port2 } = new MessageChannel();
  const host = createEngineHost({ locks: null, ...platform });
  serveHost(host, port2);
  port1.start();
  const errors = new EventTarget();
  let hung = false;
  let terminated = false;
  const calls: { method: string; answersBefore: number }[] = [];
  let answers = 0;
  port1.addEventListener('message', () => {
    answers += 1;
  });
  const worker = {
    calls,
    postMessage(message: unknown, transfer?: Transferable[]) {
      const { type, path } = message as { type?: string; path?: string[] };
      if (type === 'APPLY' && path?.length === 1) {
        calls.push({ method: path[0]!, answersBefore: answers });
      }
      if (!hung && !terminated) port1.postMessage(message, transfer ?? []);
    },
    addEventListener(type: string, listener: EventListener) {
      (type === 'message' ? port1 : errors).addEventListener(type, listener);
    },
    removeEventListener(type: string, listener: EventListener) {
      (type === 'message' ? port1 : errors).removeEventListener(type, listener);
    },
    terminate() {
      terminated = true;
      host.abandon();
      port1.close();
      port2.close();
    },
    hang() {
      hung = true;
    },
    crash(message = 'boom') {
      errors.dispatchEvent(Object.assign(new Event('error'), { message }));
    },
    get terminated() {
      return terminated;
    },
  };
  return worker as unknown as FakeWorker;
}

/**
 * A `worker` option for createClient and the workers it made. All share one IndexedDB, as the
 * workers of one page do.
 */
export function fakeWorkers(platform: HostPlatform = {}) {
  const workers: FakeWorker[] = [];
  const indexedDB = new IDBFactory();
  let hangNew = false;
  return {
    workers,
    /** Make every worker created from now on hang from the start. */
    hangNewWorkers() {
      hangNew = true;
    },
    factory: (): Worker => {
      const worker = fakeWorker({ indexedDB, ...platform });
      if (hangNew) worker.hang();
      workers.push(worker);
      return worker;
    },
  };
}
