import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_DATA_DIR, locateObdSample, REPO_ROOT } from './obd-paths.ts';
import { readObdSample } from './obd-sample.ts';

const MEN12 = join(import.meta.dirname, 'fixtures/obd-men12');
const clicks = (log: { click: Uint8Array }) => log.click.reduce((s, c) => s + c, 0);
const LOG =
  ',timestamp,item_id,position,click,propensity_score\n0,2019-11-24 00:03:13+00:00,1,1,0,0.5\n';

function sampleDir(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'obd-sample-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

describe('the sample that ships with the lab', () => {
  it('is the default: the "Men" campaign, 34 items, 10,000 rows per log with the README click counts', async () => {
    const sample = await readObdSample();
    expect(relative(REPO_ROOT, DEFAULT_DATA_DIR)).toBe('apps/lab/data/obd');
    expect([sample.campaign, sample.title, sample.items]).toEqual(['men', 'Men', 34]);
    expect(relative(DEFAULT_DATA_DIR, sample.random.source)).toBe('random/men/men.csv.gz');
    expect(relative(DEFAULT_DATA_DIR, sample.bts.source)).toBe('bts/men/men.csv.gz');
    expect(sample.itemContext).toBe(join(DEFAULT_DATA_DIR, 'random/men/item_context.csv.gz'));
    expect([sample.random.rows, sample.bts.rows]).toEqual([10_000, 10_000]);
    expect([clicks(sample.random), clicks(sample.bts)]).toEqual([46, 69]);
    expect(sample.random.propensity.every((p) => Math.abs(p - 1 / 34) < 1e-12)).toBe(true);
    expect(sample.attribution).toMatch(
      /^Open Bandit Dataset, "Men" campaign sample, 34 items: Saito/,
    );
  });

  it('has its attribution and the Apache-2.0 text beside it', () => {
    const notice = readFileSync(join(DEFAULT_DATA_DIR, 'NOTICE'), 'utf8');
    expect(notice).toContain('Saito, Shunsuke Aihara, Megumi Matsutani, Yusuke Narita');
    expect(notice).toContain('Copyright 2020 ZOZO Technologies, Inc.');
    const licence = readFileSync(join(DEFAULT_DATA_DIR, 'LICENSE'), 'utf8');
    expect(licence).toContain('Apache License');
    expect(licence).toContain('Version 2.0, January 2004');
  });
});

describe('readObdSample', () => {
  it('takes the campaign and its item count from the folder it is given', async () => {
    const sample = await readObdSample(MEN12);
    expect([sample.campaign, sample.title, sample.items]).toEqual(['men12', 'Men12', 12]);
    expect([sample.random.items, sample.bts.items]).toEqual([12, 12]);
    expect([sample.random.rows, sample.bts.rows]).toEqual([400, 400]);
    expect([clicks(sample.random), clicks(sample.bts)]).toEqual([3, 2]);
    expect(sample.attribution).toMatch(/^Open Bandit Dataset, "Men12" campaign sample, 12 items: /);
    expect(sample.attribution).not.toContain('"Men" campaign');
  });

  it('counts the items from the logs when there is no item_context.csv', async () => {
    const dir = sampleDir({ 'random/tiny/tiny.csv': LOG, 'bts/tiny/tiny.csv': LOG });
    const sample = await readObdSample(dir);
    expect([sample.title, sample.items, sample.itemContext]).toEqual(['Tiny', 2, null]);
  });

  it('refuses two item_context.csv files that disagree', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'obd-sample-'));
    cpSync(MEN12, dir, { recursive: true });
    writeFileSync(join(dir, 'random/men12/item_context.csv'), ',item_id\n0,0\n1,1\n');
    await expect(readObdSample(dir)).rejects.toThrow(/lists 2 items, .* lists 12/);
  });

  it('refuses a log with no rows', async () => {
    const dir = sampleDir({
      'random/tiny/tiny.csv': LOG,
      'bts/tiny/tiny.csv': ',timestamp,item_id,position,click,propensity_score\n',
    });
    await expect(readObdSample(dir)).rejects.toThrow(/tiny\.csv: no rows after the header/);
  });
});

describe('locateObdSample', () => {
  it('says where it looked and how to pass --data', () => {
    expect(() => locateObdSample('/nowhere/obd')).toThrow(
      /looked for \/nowhere\/obd\/random\/<campaign>\/<campaign>\.csv \(or \.csv\.gz\).*--data <dir>/,
    );
  });

  it('says when a campaign has a random log but no bts log', () => {
    const dir = sampleDir({ 'random/tiny/tiny.csv': LOG, 'bts/other/other.csv': LOG });
    expect(() => locateObdSample(dir)).toThrow(/random\/ has tiny; bts\/ has none of them/);
  });

  it('names the campaigns when the folder holds several', () => {
    const dir = sampleDir({
      'random/men/men.csv': LOG,
      'bts/men/men.csv': LOG,
      'random/women/women.csv.gz': LOG,
      'bts/women/women.csv.gz': LOG,
    });
    expect(() => locateObdSample(dir)).toThrow(/holds 2 campaigns \(men, women\)/);
  });

  it('refuses a log that is there both plain and gzipped', () => {
    const dir = sampleDir({
      'random/men/men.csv': LOG,
      'random/men/men.csv.gz': LOG,
      'bts/men/men.csv': LOG,
    });
    expect(() => locateObdSample(dir)).toThrow(/both .*men\.csv and .*men\.csv\.gz exist/);
  });
});
