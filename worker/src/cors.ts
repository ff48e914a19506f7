import { cors } from 'hono/cors';
import { createMiddleware } from 'hono/factory';
import { KEY_HEADER } from './auth.ts';
import { appsOf } from './config.ts';
import type { EdgeContext, EdgeEnv } from './env.ts';

/**
 * Whether an allowlist entry admits an origin: `*` admits any, `http://localhost:*` any
 * port of that scheme and host (handy for local development), anything else exactly itself.
 *
 * @example
 * originAllowed('http://127.0.0.1:*', 'http://127.0.0.1:5173'); // true
 */
export function originAllowed(allowed: string, origin: string): boolean {
  if (allowed === '*' || allowed === origin) return true;
  if (!allowed.endsWith(':*')) return false;
  const prefix = allowed.slice(0, -1);
  return origin.startsWith(prefix) && /^\d{1,5}$/.test(origin.slice(prefix.length));
}

/**
 * CORS with an allowlist per app: a browser origin is allowed when the app's `origins`
 * lists it (see {@link originAllowed}). `appOf` names the app of a request (the `:app` parameter for
 * `/v1/apps/:app/…`, the default app for the seed alias).
 */
export function appCors(appOf: (c: EdgeContext) => string | undefined) {
  return createMiddleware<EdgeEnv>((c, next) =>
    cors({
      origin: (origin) => {
        const id = appOf(c);
        const origins = id === undefined ? undefined : appsOf(c.env).get(id)?.origins;
        if (origins === undefined) return null;
        return origins.some((allowed) => originAllowed(allowed, origin)) ? origin : null;
      },
      allowMethods: ['GET', 'POST', 'PATCH', 'DELETE', 'OPTIONS'],
      allowHeaders: ['content-type', KEY_HEADER, 'if-none-match', 'authorization'],
      exposeHeaders: ['etag'],
      maxAge: 600,
    })(c, next),
  );
}

/**
 * CORS for `/health`: any origin that some app allows (the union of the apps' `origins`), so
 * a dashboard served from another origin can tell whether the edge answers.
 *
 * @example
 * edge.use('/health', anyAppCors());
 */
export function anyAppCors() {
  return createMiddleware<EdgeEnv>((c, next) =>
    cors({
      origin: (origin) => {
        for (const app of appsOf(c.env).values()) {
          if (app.origins.some((allowed) => originAllowed(allowed, origin))) return origin;
        }
        return null;
      },
      allowMethods: ['GET', 'HEAD', 'OPTIONS'],
      allowHeaders: ['content-type', 'authorization'],
      maxAge: 600,
    })(c, next),
  );
}
