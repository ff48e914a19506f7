// The module worker: runs the engine host and answers the main thread over comlink.
import { expose } from 'comlink';
import { createEngineHost } from './host/engine-host.ts';

expose(createEngineHost());
