// The module worker: runs the engine host and answers the main thread over comlink.
import type { Endpoint } from 'comlink';
import { createEngineHost } from './host/engine-host.ts';
import { serveHost } from './host/serve-host.ts';

serveHost(createEngineHost(), globalThis as unknown as Endpoint);
