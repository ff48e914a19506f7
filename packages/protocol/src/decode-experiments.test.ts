import { describe, expect, it } from 'vitest';
import { expectSameVerdict, type Row, titled } from '../test/agreement.ts';
import { decodeExperimentsAnnouncement, decodeExperimentsSnapshot } from './decode-experiments.ts';
import { ExperimentsSnapshotSchema } from './experiment.ts';
import { ExperimentsAnnouncementSchema } from './experiments-announcement.ts';

const running = {
  key: 'learner-rollout',
  decision: 'home-feed',
  variations: [
    { key: 'baseline', policy: 'baseline' },
    { key: 'learner', policy: 'learner', value: 'ts' },
  ],
  weights: [0.5, 0.5],
  coverage: 0.5,
  hashAttribute: 'clientId',
  hashVersion: 2,
  metrics: ['like'],
  status: 'running',
  phase: 1,
  seed: 'learner-rollout:1:9f2c',
  startedAt: 1_763_800_000_000,
};
const snapshot = (experiment: unknown) => ({
  app: 'movies',
  version: 3,
  generatedAt: 1_763_800_000_000,
  experiments: { 'learner-rollout': experiment },
});

const rows: Row[] = [
  { name: 'a running experiment', value: snapshot(running), path: undefined },
  { name: 'no experiments', value: { ...snapshot(running), experiments: {} }, path: undefined },
  {
    name: 'a stopped one with a winner and a namespace',
    value: snapshot({ ...running, status: 'stopped', winner: 1, namespace: ['feed', 0, 0.5] }),
    path: undefined,
  },
  { name: 'an unknown field', value: snapshot({ ...running, colour: 'red' }), path: undefined },
  {
    name: 'a bad key',
    value: { ...snapshot(running), experiments: { 'a b': running } },
    path: 'experiments.a b',
  },
  {
    name: 'an unknown status',
    value: snapshot({ ...running, status: 'paused' }),
    path: 'experiments.learner-rollout.status',
  },
  {
    name: 'coverage above 1',
    value: snapshot({ ...running, coverage: 1.5 }),
    path: 'experiments.learner-rollout.coverage',
  },
  {
    name: 'hash version 1',
    value: snapshot({ ...running, hashVersion: 1 }),
    path: 'experiments.learner-rollout.hashVersion',
  },
  {
    name: 'one variation',
    value: snapshot({ ...running, variations: [running.variations[0]] }),
    path: 'experiments.learner-rollout.variations',
  },
  {
    name: 'an unknown policy',
    value: snapshot({ ...running, variations: [{ key: 'a', policy: 'random' }, { key: 'b' }] }),
    path: 'experiments.learner-rollout.variations.0.policy',
  },
  {
    name: 'an empty namespace range',
    value: snapshot({ ...running, namespace: ['feed', 0.5, 0.5] }),
    path: 'experiments.learner-rollout.namespace.2',
  },
  {
    name: 'a fractional phase',
    value: snapshot({ ...running, phase: 1.5 }),
    path: 'experiments.learner-rollout.phase',
  },
  {
    name: 'a missing seed',
    value: snapshot({ ...running, seed: undefined }),
    path: 'experiments.learner-rollout.seed',
  },
  { name: 'a string', value: 'experiments', path: '' },
];

describe('decodeExperimentsSnapshot and ExperimentsSnapshotSchema', () => {
  it.each(titled(rows))('judge $name alike: $verdict', ({ value, path }) => {
    const shown = JSON.parse(JSON.stringify(value));
    expect(expectSameVerdict(ExperimentsSnapshotSchema, decodeExperimentsSnapshot, shown)).toBe(
      path,
    );
  });
});

describe('decodeExperimentsAnnouncement and ExperimentsAnnouncementSchema', () => {
  const announcements: Row[] = [
    { name: 'an announcement', value: { type: 'experiments', version: 4 }, path: undefined },
    { name: 'a priors announcement', value: { type: 'priors', version: 4 }, path: 'type' },
    { name: 'a negative version', value: { type: 'experiments', version: -1 }, path: 'version' },
  ];
  it.each(titled(announcements))('judge $name alike: $verdict', ({ value, path }) => {
    expect(
      expectSameVerdict(ExperimentsAnnouncementSchema, decodeExperimentsAnnouncement, value),
    ).toBe(path);
  });
});
