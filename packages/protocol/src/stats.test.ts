import { describe, expect, it } from 'vitest';
import { decodeWith } from './decode-with.ts';
import { StatsSchema } from './stats.ts';

const arm = {
  context: '',
  arm: 'movie-1234',
  s: 31,
  f: 12,
  n: 400,
  mean: 0.71,
  interval: [0.57, 0.83],
  pBest: 0.42,
  share: 0.18,
};
const alert = {
  kind: 'dominant-arm',
  decision: 'home-feed',
  context: '',
  arm: 'movie-1234',
  value: 0.82,
  threshold: 0.7,
  message: 'movie-1234 takes 82% of selections',
};
const stats = (armChange: object = {}, alertChange: object = {}) => ({
  app: 'movies',
  generatedAt: 1_763_800_000_000,
  decisions: [
    {
      decision: 'home-feed',
      arms: [{ ...arm, ...armChange }],
      alerts: [{ ...alert, ...alertChange }],
    },
  ],
});

describe('StatsSchema', () => {
  it.each([
    ['stats with an alert', stats()],
    ['an unknown share', stats({ share: null })],
    ['a low-success alert', stats({}, { kind: 'low-success' })],
    ['no decisions', { app: 'movies', generatedAt: 0, decisions: [] }],
  ])('accepts %s', (_, value) => {
    expect(decodeWith(StatsSchema, value).ok).toBe(true);
  });

  it.each(
    [
      ['a mean over 1', stats({ mean: 1.2 }), 'decisions.0.arms.0.mean'],
      [
        'an interval the wrong way round',
        stats({ interval: [0.8, 0.6] }),
        'decisions.0.arms.0.interval',
      ],
      ['an interval of one number', stats({ interval: [0.5] }), 'decisions.0.arms.0.interval'],
      ['a missing share', stats({ share: undefined }), 'decisions.0.arms.0.share'],
      ['a fractional n', stats({ n: 1.5 }), 'decisions.0.arms.0.n'],
      ['a negative P(best)', stats({ pBest: -0.1 }), 'decisions.0.arms.0.pBest'],
      ['an unknown alert kind', stats({}, { kind: 'drift' }), 'decisions.0.alerts.0.kind'],
      [
        'an alert without message',
        stats({}, { message: undefined }),
        'decisions.0.alerts.0.message',
      ],
    ].map(([name, value, path]) => ({ name, value, path })),
  )('rejects $name at "$path"', ({ value, path }) => {
    const result = decodeWith(StatsSchema, value);
    expect(!result.ok && result.error.issues[0]?.path).toBe(path);
  });
});
