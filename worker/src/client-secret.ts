import type { EdgeContext } from './env.ts';

/** The secret client ids are signed with; a missing one is an operator error, said so. */
export function clientIdSecret(c: EdgeContext): string {
  const secret: unknown = c.env.CLIENT_ID_SECRET;
  if (typeof secret !== 'string' || secret.length < 16) {
    throw new Error(
      'CLIENT_ID_SECRET is not set (or shorter than 16 characters): run `wrangler secret put CLIENT_ID_SECRET` (locally: `cp .dev.vars.example .dev.vars`)',
    );
  }
  return secret;
}
