import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { LabError } from '../lab-error.ts';

/** The repository root (apps/lab/src/obd → four levels up). */
export const REPO_ROOT = resolve(import.meta.dirname, '../../../..');

/**
 * Where the Open Bandit Dataset sample lives unless `--data` says otherwise: the "Men"
 * campaign sample that ships with the lab, gzipped, beside its NOTICE and LICENSE.
 */
export const DEFAULT_DATA_DIR = resolve(import.meta.dirname, '../../data/obd');

/** The files of one behaviour policy's log of a campaign. */
export interface ObdFiles {
  /** `<policy>/<campaign>/<campaign>.csv` or `.csv.gz`. */
  readonly log: string;
  /** `<policy>/<campaign>/item_context.csv` or `.csv.gz`, when there is one. */
  readonly itemContext: string | null;
}

/** Where one campaign's sample is: OBD's layout, `{random,bts}/<campaign>/<campaign>.csv`. */
export interface ObdSampleFiles {
  readonly dir: string;
  /** The campaign's folder name, e.g. `men`. */
  readonly campaign: string;
  /** Uniformly random logging policy. */
  readonly random: ObdFiles;
  /** Bernoulli Thompson sampling in production: the on-policy ground truth. */
  readonly bts: ObdFiles;
}

/** `file` or `file.gz`, whichever exists; both is an error (which one would be meant?). */
function plainOrGzip(file: string): string | null {
  const gz = `${file}.gz`;
  const plain = existsSync(file);
  if (plain && existsSync(gz)) throw new LabError(`both ${file} and ${gz} exist: keep one`);
  return plain ? file : existsSync(gz) ? gz : null;
}

/** Names of the sub-folders of `dir` (none when it does not exist). */
function folders(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() || entry.isSymbolicLink())
    .map((entry) => entry.name)
    .sort();
}

/**
 * Finds the campaign sample under `dir`: the one campaign folder that has a log both under
 * `random/` and under `bts/` (each `.csv` or `.csv.gz`), with its `item_context.csv` when
 * present. The campaign is whatever that folder is called: the lab labels its output with it.
 *
 * @throws LabError saying where it looked and how to pass `--data` when there is no such
 * campaign, or naming them when there are several.
 *
 * @example
 * locateObdSample().random.log; // '…/apps/lab/data/obd/random/men/men.csv.gz'
 */
export function locateObdSample(dir: string = DEFAULT_DATA_DIR): ObdSampleFiles {
  const root = resolve(dir);
  const log = (policy: string, campaign: string) =>
    plainOrGzip(join(root, policy, campaign, `${campaign}.csv`));
  const inRandom = folders(join(root, 'random')).filter((c) => log('random', c) !== null);
  const campaigns = inRandom.filter((c) => log('bts', c) !== null);
  if (campaigns.length === 0) {
    const found =
      inRandom.length === 0 ? '' : ` (random/ has ${inRandom.join(', ')}; bts/ has none of them)`;
    throw new LabError(
      `Open Bandit Dataset sample not found: looked for ${join(root, 'random', '<campaign>', '<campaign>.csv')} ` +
        `(or .csv.gz) with bts/<campaign>/<campaign>.csv beside it${found}. Pass the folder that holds ` +
        `random/<campaign>/ and bts/<campaign>/ with --data <dir> (default: ${DEFAULT_DATA_DIR}, the sample that ships with the lab).`,
    );
  }
  if (campaigns.length > 1) {
    throw new LabError(
      `${root} holds ${campaigns.length} campaigns (${campaigns.join(', ')}); the lab reads one: pass --data ` +
        'a folder that holds only the one to use (symbolic links to its random/<campaign> and bts/<campaign> folders will do).',
    );
  }
  const campaign = campaigns[0]!;
  const files = (policy: string): ObdFiles => ({
    log: log(policy, campaign)!,
    itemContext: plainOrGzip(join(root, policy, campaign, 'item_context.csv')),
  });
  return { dir: root, campaign, random: files('random'), bts: files('bts') };
}
