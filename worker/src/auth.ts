import { createMiddleware } from 'hono/factory';
import { appsOf } from './config.ts';
import type { EdgeContext, EdgeEnv } from './env.ts';
import { HttpError } from './http-error.ts';

/** The header that carries an app's publishable key. */
export const KEY_HEADER = 'x-crowdbandit-key';

async function digest(text: string): Promise<ArrayBuffer> {
  return crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
}

/**
 * Compares two secrets in constant time. Both are hashed first so neither their contents nor
 * their lengths leak through timing.
 */
export async function sameSecret(given: string, expected: string): Promise<boolean> {
  const [a, b] = await Promise.all([digest(given), digest(expected)]);
  return crypto.subtle.timingSafeEqual(a, b);
}

/**
 * Resolves the app named by `appId` (the `:app` path parameter unless given) and stores it
 * on the context; 404 for an unknown app.
 */
export function app(appId?: (c: EdgeContext) => string | undefined) {
  return createMiddleware<EdgeEnv>(async (c, next) => {
    const id = appId ? appId(c) : c.req.param('app');
    const config = id === undefined ? undefined : appsOf(c.env).get(id);
    if (id === undefined || config === undefined) {
      throw new HttpError('not_found', `unknown app ${JSON.stringify(id ?? '')}`);
    }
    c.set('appId', id);
    c.set('app', config);
    await next();
  });
}

/**
 * Requires the app's publishable key in the `x-crowdbandit-key` header (or, for WebSockets,
 * which cannot send headers from a browser, the `key` query parameter).
 */
export const publishableKey = createMiddleware<EdgeEnv>(async (c, next) => {
  const given = c.req.header(KEY_HEADER) ?? c.req.query('key');
  if (given === undefined || given === '') {
    throw new HttpError(
      'unauthorized',
      `send the app's publishable key in the ${KEY_HEADER} header`,
    );
  }
  if (!(await sameSecret(given, c.get('app').publishableKey))) {
    throw new HttpError(
      'forbidden',
      `that key is not the publishable key of app ${c.get('appId')}`,
    );
  }
  await next();
});

/** Requires `Authorization: Bearer <ADMIN_TOKEN>` (a Wrangler secret). */
export const adminToken = createMiddleware<EdgeEnv>(async (c, next) => {
  const header = c.req.header('authorization') ?? '';
  const match = /^Bearer (.+)$/.exec(header);
  if (match === null)
    throw new HttpError('unauthorized', 'send Authorization: Bearer <admin token>');
  const expected = c.env.ADMIN_TOKEN;
  if (typeof expected !== 'string' || expected === '' || !(await sameSecret(match[1]!, expected))) {
    throw new HttpError('forbidden', 'that admin token is not valid');
  }
  await next();
});
