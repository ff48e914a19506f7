/** The page the URL's hash names. */
export type Route =
  | { readonly page: 'overview' }
  | { readonly page: 'decision'; readonly decision: string }
  | { readonly page: 'experiments' }
  | { readonly page: 'experiment'; readonly key: string };

/**
 * Reads `#/overview`, `#/decision/<name>`, `#/experiments`, `#/experiments/<key>`; anything
 * else is the overview.
 *
 * @example
 * parseRoute('#/decision/home-feed'); // { page: 'decision', decision: 'home-feed' }
 */
export function parseRoute(hash: string): Route {
  const [page, name] = hash.replace(/^#\/?/, '').split('/').map(decodeURIComponent);
  if (page === 'decision' && name) return { page: 'decision', decision: name };
  if (page === 'experiments' && name) return { page: 'experiment', key: name };
  if (page === 'experiments') return { page: 'experiments' };
  return { page: 'overview' };
}

/** The hash of a route. */
export function href(route: Route): string {
  switch (route.page) {
    case 'overview':
      return '#/overview';
    case 'decision':
      return `#/decision/${encodeURIComponent(route.decision)}`;
    case 'experiments':
      return '#/experiments';
    case 'experiment':
      return `#/experiments/${encodeURIComponent(route.key)}`;
  }
}
