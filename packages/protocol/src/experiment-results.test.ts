import { describe, expect, it } from 'vitest';
import { decodeWith } from './decode-with.ts';
import { installEnglishMessages } from './english-messages.ts';
import { ExperimentResultsSchema } from './experiment-results.ts';

installEnglishMessages();

const interval = { estimate: 0.3, lower: -0.4, upper: 0.9, alpha: 0.05 };
const results = {
  app: 'demo',
  experiment: 'checkout',
  phase: 1,
  status: 'running',
  archived: false,
  generatedAt: 1_763_800_000_000,
  weights: [0.5, 0.5],
  variations: [
    { index: 0, key: 'control', weight: 0.5, exposed: 10 },
    { index: 1, key: 'treatment', weight: 0.5, exposed: 10 },
  ],
  srm: { pValue: 1, mismatch: false, checked: true, threshold: 0.001, minUsers: 8 },
  metrics: [
    {
      metric: 'buy',
      variations: [
        {
          index: 0,
          key: 'control',
          exposed: 10,
          converted: 3,
          rate: 0.3,
          valuePerUser: 0.7,
          valueSum: 7,
          valueSumSquares: 27,
          unexposedConversions: 0,
          expectedLoss: 0.3,
          probabilityBest: 0.08,
          versusControl: null,
        },
        {
          index: 1,
          key: 'treatment',
          exposed: 10,
          converted: 6,
          rate: 0.6,
          valuePerUser: 0.6,
          valueSum: 6,
          valueSumSquares: 6,
          unexposedConversions: 1,
          expectedLoss: 0.01,
          probabilityBest: 0.92,
          versusControl: {
            chanceToBeatControl: 0.92,
            uplift: { mean: 1.1, lower: -0.2, upper: 3.5, level: 0.95 },
            confidenceSequence: interval,
          },
        },
      ],
      stop: { stop: false, reason: null, leader: 1 },
      history: [
        {
          at: 1_763_800_000_000,
          exposed: [10, 10],
          converted: [3, 6],
          confidenceSequences: [null, interval],
        },
      ],
    },
  ],
  history: [{ at: 1_763_800_000_000, exposed: [10, 10] }],
};

const firstPath = (value: unknown) => {
  const decoded = decodeWith(ExperimentResultsSchema, value);
  return decoded.ok ? undefined : decoded.error.issues[0]?.path;
};

describe('ExperimentResultsSchema', () => {
  it('accepts the results the edge serves, with an unbounded uplift mean as null', () => {
    expect(firstPath(results)).toBeUndefined();
    const unbounded = structuredClone(results);
    unbounded.metrics[0]!.variations[1]!.versusControl!.uplift.mean = null as unknown as number;
    expect(firstPath(unbounded)).toBeUndefined();
  });

  it('refuses a rate above 1 and an SRM without its verdict, naming the path', () => {
    const wrong = structuredClone(results);
    wrong.metrics[0]!.variations[0]!.rate = 1.5;
    expect(firstPath(wrong)).toBe('metrics.0.variations.0.rate');
    const { mismatch: _, ...srm } = results.srm;
    expect(firstPath({ ...results, srm })).toBe('srm.mismatch');
  });
});
