import type { Film } from './films.ts';

/** A film the crowd likes, with the crowd's counts. */
export interface Favourite {
  readonly film: Film;
  readonly likes: number;
  readonly dislikes: number;
  readonly mean: number;
}

/** Where the demo reads the crowd's priors (the edge's public HTTP API). */
export interface Edge {
  readonly url: string;
  readonly app: string;
  readonly key: string;
}

/**
 * The crowd's current favourites in the home feed: films with at least `minEvidence`
 * feedback, by posterior mean under Beta(1, 1).
 */
export async function crowdFavourites(
  edge: Edge,
  byId: ReadonlyMap<string, Film>,
  limit = 8,
  minEvidence = 1,
): Promise<Favourite[]> {
  const res = await fetch(`${edge.url}/v1/apps/${edge.app}/priors?decision=home-feed`, {
    headers: { 'x-crowdbandit-key': edge.key },
  });
  if (!res.ok) throw new Error(`priors: ${res.status}`);
  const snapshot = (await res.json()) as {
    decisions: Record<string, Record<string, Record<string, [number, number]>>>;
  };
  const arms = snapshot.decisions['home-feed']?.[''] ?? {};
  const out: Favourite[] = [];
  for (const [id, [s, f]] of Object.entries(arms)) {
    const film = byId.get(id);
    if (film === undefined || s + f < minEvidence || s === 0) continue;
    out.push({ film, likes: s, dislikes: f, mean: (s + 1) / (s + f + 2) });
  }
  return out.sort((a, b) => b.mean - a.mean || b.likes - a.likes).slice(0, limit);
}
