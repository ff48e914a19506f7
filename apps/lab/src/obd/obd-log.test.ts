import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { parseObdCsv, readObdLog } from './obd-log.ts';

const HEADER = ',timestamp,item_id,position,click,propensity_score,user_feature_0';
const csv = (...rows: string[]) => [HEADER, ...rows].join('\n');
const ROWS = [
  '0,2019-11-24 00:03:13.442536+00:00,14,3,0,0.0294,abc',
  '1,2019-11-24 00:01:00.000000+00:00,2,1,1,0.0294,def',
];

function tempFile(name: string, content: string | Buffer): string {
  const file = join(mkdtempSync(join(tmpdir(), 'obd-log-')), name);
  writeFileSync(file, content);
  return file;
}

describe('parseObdCsv', () => {
  it('reads the columns and puts rows in time order', () => {
    const log = parseObdCsv(csv(...ROWS), 'men.csv');
    expect(log.rows).toBe(2);
    expect([...log.item]).toEqual([2, 14]);
    expect([...log.position]).toEqual([1, 3]);
    expect([...log.click]).toEqual([1, 0]);
    expect(log.items).toBe(15);
    expect(log.propensity[0]).toBe(0.0294);
  });

  it('takes the item count it is given and refuses an id beyond it', () => {
    expect(parseObdCsv(csv(...ROWS), 'men.csv', 34).items).toBe(34);
    expect(() => parseObdCsv(csv(...ROWS), 'men.csv', 14)).toThrow(
      /men\.csv:2: item_id 14 is not among the 14 items of item_context\.csv/,
    );
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

  it('counts empty lines in the line numbers it reports', () => {
    const text = [HEADER, ROWS[0], '', '0,2019-11-24 00:03:13+00:00,14,3,2,0.03,x'].join('\n');
    expect(() => parseObdCsv(text, 'men.csv')).toThrow(/men\.csv:4: bad click/);
  });

  it('refuses a header without the needed columns', () => {
    expect(() => parseObdCsv(',timestamp,item\n', 'x.csv')).toThrow(/no item_id column/);
  });

  it('refuses an empty file', () => {
    expect(() => parseObdCsv('\n', 'x.csv')).toThrow(/x\.csv:1: the file is empty/);
  });
});

describe('readObdLog', () => {
  it('reads a .csv and the same rows gzipped as .csv.gz', async () => {
    const text = `${csv(...ROWS)}\r\n`;
    const plain = await readObdLog(tempFile('men.csv', text));
    const gzipped = await readObdLog(tempFile('men.csv.gz', gzipSync(text, { level: 9 })));
    expect([...gzipped.item]).toEqual([2, 14]);
    expect({ ...gzipped, source: '' }).toEqual({ ...plain, source: '' });
  });

  it('names the file and line of a bad row inside a gzipped log', async () => {
    const rows = Array.from(
      { length: 5000 },
      (_, r) => `${r},2019-11-24 00:03:13+00:00,${r % 34},1,0,0.0294,abc`,
    );
    rows[4321] = '4321,2019-11-24 00:03:13+00:00,3,1,7,0.0294,abc';
    const file = tempFile('men.csv.gz', gzipSync(csv(...rows)));
    await expect(readObdLog(file)).rejects.toThrow(`${file}:4323: bad click 7`);
  });

  it('says when a .gz file is not valid gzip', async () => {
    const file = tempFile('men.csv.gz', csv(...ROWS));
    await expect(readObdLog(file)).rejects.toThrow(`${file}: not valid gzip`);
  });

  it('says when a gzipped log is cut short', async () => {
    const whole = gzipSync(csv(...ROWS));
    const file = tempFile('men.csv.gz', whole.subarray(0, whole.length - 10));
    await expect(readObdLog(file)).rejects.toThrow(`${file}: not valid gzip`);
  });

  it('says when the file cannot be read', async () => {
    await expect(readObdLog('/nowhere/men.csv')).rejects.toThrow(
      '/nowhere/men.csv: unreadable (ENOENT',
    );
  });
});
