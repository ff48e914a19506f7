import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { expectSameVerdict, type Row, titled } from '../test/agreement.ts';
import * as arb from '../test/arbitraries.ts';
import { mutated } from '../test/mutate.ts';
import { decodePriorsAnnouncement } from './decode-priors-announcement.ts';
import { PriorsAnnouncementSchema } from './priors-announcement.ts';

const rows: Row[] = [
  { name: 'an announcement', value: { type: 'priors', version: 13 }, path: undefined },
  { name: 'version 0', value: { type: 'priors', version: 0 }, path: undefined },
  { name: 'an unknown field', value: { type: 'priors', version: 13, at: 5 }, path: undefined },
  { name: 'another type', value: { type: 'ping', version: 13 }, path: 'type' },
  { name: 'a missing type', value: { version: 13 }, path: 'type' },
  { name: 'a string version', value: { type: 'priors', version: '13' }, path: 'version' },
  { name: 'a fractional version', value: { type: 'priors', version: 1.5 }, path: 'version' },
  { name: 'a string', value: 'priors', path: '' },
];

describe('decodePriorsAnnouncement and PriorsAnnouncementSchema', () => {
  it.each(titled(rows))('judge $name alike: $verdict', ({ value, path }) => {
    expect(expectSameVerdict(PriorsAnnouncementSchema, decodePriorsAnnouncement, value)).toBe(path);
  });

  it('agree on announcements with one random fault', () => {
    fc.assert(
      fc.property(mutated(arb.priorsAnnouncement), (value) => {
        expectSameVerdict(PriorsAnnouncementSchema, decodePriorsAnnouncement, value);
      }),
      { numRuns: 500 },
    );
  });
});
