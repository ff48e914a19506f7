import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** The repository root (apps/lab/src/obd → four levels up). */
export const REPO_ROOT = resolve(import.meta.dirname, '../../../..');

/**
 * Where the Open Bandit Dataset sample lives unless `--data` says otherwise: `../shared/data/obd`
 * next to the repository. The data is not part of the repository.
 */
export const DEFAULT_DATA_DIR = resolve(REPO_ROOT, '../shared/data/obd');

/**
 * The attribution the dataset's licence and README ask for, printed and written wherever the
 * lab uses or reports the data.
 */
export const OBD_ATTRIBUTION =
  'Open Bandit Dataset, "Men" campaign sample: Saito, Aihara, Matsutani, Narita, "Open Bandit ' +
  'Dataset and Pipeline: Towards Realistic and Reproducible Off-Policy Evaluation", NeurIPS 2021 ' +
  'Datasets and Benchmarks (arXiv:2008.07146); from st-tech/zr-obp, obp/dataset/obd, Apache License 2.0.';

/** The files of the sample the lab reads. */
export interface ObdPaths {
  readonly dir: string;
  /** Uniformly random logging policy: propensity 1/34 per position. */
  readonly random: string;
  /** Bernoulli Thompson sampling in production: the on-policy ground truth. */
  readonly bts: string;
}

/**
 * The sample's file paths under `dir` (not checked).
 *
 * @example
 * obdPaths('/data/obd').random; // '/data/obd/random/men/men.csv'
 */
export function obdPaths(dir: string = DEFAULT_DATA_DIR): ObdPaths {
  const root = resolve(dir);
  return {
    dir: root,
    random: join(root, 'random', 'men', 'men.csv'),
    bts: join(root, 'bts', 'men', 'men.csv'),
  };
}

/**
 * Why the sample cannot be used from `dir`, or `null` when both files are there. The same
 * sentence is the CLI's error and the reason a test that needs the data is skipped.
 *
 * @example
 * obdMissing('/nowhere');
 * // 'Open Bandit Dataset sample not found: looked for /nowhere/random/men/men.csv. …'
 */
export function obdMissing(dir: string = DEFAULT_DATA_DIR): string | null {
  const paths = obdPaths(dir);
  const absent = [paths.random, paths.bts].filter((file) => !existsSync(file));
  if (absent.length === 0) return null;
  return (
    `Open Bandit Dataset sample not found: looked for ${absent.join(' and ')}. ` +
    `Pass the folder that holds random/men/men.csv and bts/men/men.csv with --data <dir> ` +
    `(default: ${DEFAULT_DATA_DIR}).`
  );
}

/**
 * The attribution wrapped into lines of at most `width` characters, for chart subtitles.
 *
 * @example
 * attributionLines(90); // ['Open Bandit Dataset, "Men" campaign sample: Saito, …', …]
 */
export function attributionLines(width = 110): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of OBD_ATTRIBUTION.split(' ')) {
    if (line.length > 0 && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line.length === 0 ? word : `${line} ${word}`;
  }
  if (line.length > 0) lines.push(line);
  return lines;
}
