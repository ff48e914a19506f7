import { describe, expect, it } from 'vitest';
import { parseObdCsv, readObdLog } from './obd-log.ts';
import { obdMissing, obdPaths } from './obd-paths.ts';

const HEADER = ',timestamp,item_id,position,click,propensity_score,user_feature_0';
const csv = (...rows: string[]) => [HEADER, ...rows].join('\n');

describe('parseObdCsv', () => {
  it('reads the columns and puts rows in time order', () => {
    const log = parseObdCsv(
      csv(
        '0,2019-11-24 00:03:13.442536+00:00,14,3,0,0.0294,abc',
        '1,2019-11-24 00:01:00.000000+00:00,2,1,1,0.0294,def',
      ),
      'men.csv',
    );
    expect(log.rows).toBe(2);
    expect([...log.item]).toEqual([2, 14]);
    expect([...log.position]).toEqual([1, 3]);
    expect([...log.click]).toEqual([1, 0]);
    expect(log.items).toBe(15);
    expect(log.propensity[0]).toBe(0.0294);
  });

  it.each([
    ['a quoted field', '0,"2019-11-24 00:03:13+00:00",14,3,0,0.03,x', /quoted fields/],
    ['a missing field', '0,2019-11-24 00:03:13+00:00,14,3,0,0.03', /6 fields, the header has 7/],
    ['a bad click', '0,2019-11-24 00:03:13+00:00,14,3,2,0.03,x', /bad click/],
    ['a bad position', '0,2019-11-24 00:03:13+00:00,14,4,0,0.03,x', /bad position/],
    ['a bad propensity', '0,2019-11-24 00:03:13+00:00,14,3,0,0,x', /bad propensity/],
  ])('refuses %s, naming the line', (_, row, message) => {
    expect(() => parseObdCsv(csv(row), 'men.csv')).toThrow(message);
    expect(() => parseObdCsv(csv(row), 'men.csv')).toThrow(/men\.csv:2:/);
  });

  it('refuses a header without the needed columns', () => {
    expect(() => parseObdCsv(',timestamp,item\n', 'x.csv')).toThrow(/no item_id column/);
  });
});

describe('obdMissing', () => {
  it('says where it looked and how to pass --data', () => {
    const message = obdMissing('/nowhere/obd');
    expect(message).toContain('/nowhere/obd/random/men/men.csv');
    expect(message).toContain('--data <dir>');
  });
});

const missing = obdMissing();
describe.skipIf(missing !== null)(missing ?? 'the OBD sample on disk', () => {
  it('reads 10,000 rows of 34 items from each log with the README click counts', () => {
    const random = readObdLog(obdPaths().random);
    const bts = readObdLog(obdPaths().bts);
    expect([random.rows, random.items, bts.rows, bts.items]).toEqual([10_000, 34, 10_000, 34]);
    expect(random.click.reduce((s, c) => s + c, 0)).toBe(46);
    expect(bts.click.reduce((s, c) => s + c, 0)).toBe(69);
    expect(random.propensity.every((p) => Math.abs(p - 1 / 34) < 1e-12)).toBe(true);
  });
});
