import { cors } from 'hono/cors';
import { createMiddleware } from 'hono/factory';
import { KEY_HEADER } from './auth.ts';
import { appsOf } from './config.ts';
import type { EdgeContext, EdgeEnv } from './env.ts';

/**
 * CORS with an allowlist per app: a browser origin is allowed when the app's `origins`
 * lists it (or lists `*`). `appOf` names the app of a request (the `:app` parameter for
 * `/v1/apps/:app/…`, the default app for the seed alias).
 */
export function appCors(appOf: (c: EdgeContext) => string | undefined) {
  return createMiddleware<EdgeEnv>((c, next) =>
    cors({
      origin: (origin) => {
        const id = appOf(c);
        const origins = id === undefined ? undefined : appsOf(c.env).get(id)?.origins;
        if (origins === undefined) return null;
        return origins.includes('*') || origins.includes(origin) ? origin : null;
      },
      allowMethods: ['GET', 'POST', 'DELETE', 'OPTIONS'],
      allowHeaders: ['content-type', KEY_HEADER, 'if-none-match', 'authorization'],
      exposeHeaders: ['etag'],
      maxAge: 600,
    })(c, next),
  );
}
