// The module worker: runs the engine host and answers the main thread's messages.
import { createEngineHost } from './host/engine-host.ts';
import type { Port } from './host/messages.ts';
import { serveHost } from './host/serve-host.ts';

serveHost(createEngineHost(), globalThis as unknown as Port);
