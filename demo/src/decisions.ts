import type { DecisionConfig } from '@crowdbandit/sdk';

/** The strategies the strategy row chooses among. */
export const STRATEGIES = ['popular', 'hidden-gems', 'your-genres', 'serendipity'] as const;
export type Strategy = (typeof STRATEGIES)[number];

/** What a person sees for each strategy. */
export const STRATEGY_LABELS: Record<Strategy, string> = {
  popular: 'popular',
  'hidden-gems': 'hidden gems',
  'your-genres': 'more of your genres',
  serendipity: 'serendipity',
};

/**
 * The demo's two decisions: the home feed ranks films (IMDB rating as relevance, Thompson
 * draws, session boosts, at most 5 films per genre, mild popularity dampening, one
 * exploration slot 10% of the time); the strategy row chooses among strategies per time
 * of day, weekday/weekend and session position.
 */
export const DECISIONS: Record<string, DecisionConfig> = {
  'home-feed': {
    kind: 'rank',
    k: 20,
    epsilon: 0.1,
    diversity: { caps: { genre: 5 }, popularityDampening: 0.1 },
  },
  strategy: {
    kind: 'choose',
    arms: [...STRATEGIES],
    fallback: 'popular',
    k: 3,
    context: ['timeOfDay', 'dayType', 'sessionPosition'],
  },
};
