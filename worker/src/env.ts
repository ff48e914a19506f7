import type { Context } from 'hono';
import type { AppConfig } from './config.ts';

/** Hono typing of this worker: its bindings and what middleware stores per request. */
export interface EdgeEnv {
  Bindings: Env;
  Variables: { appId: string; app: AppConfig };
}

/** A request context of this worker. */
export type EdgeContext = Context<EdgeEnv>;
