import { LabError } from '../lab-error.ts';
import { readItemCount } from './item-context.ts';
import { campaignTitle, obdAttribution } from './obd-attribution.ts';
import { type ObdLog, readObdLog } from './obd-log.ts';
import { DEFAULT_DATA_DIR, locateObdSample, type ObdSampleFiles } from './obd-paths.ts';

/** A campaign's two logs as read, with what the lab says about them. */
export interface ObdSample {
  readonly files: ObdSampleFiles;
  /** The campaign folder's name, e.g. `men`. */
  readonly campaign: string;
  /** As the dataset writes it, e.g. `Men`. */
  readonly title: string;
  readonly items: number;
  /** The item_context.csv the item count came from; null: the logs' largest item id + 1. */
  readonly itemContext: string | null;
  /** The attribution to print and write with every result (see {@link obdAttribution}). */
  readonly attribution: string;
  readonly random: ObdLog;
  readonly bts: ObdLog;
}

/**
 * Reads the campaign sample under `dir` (see {@link locateObdSample}): both logs, `.csv` or
 * `.csv.gz`, streamed through the strict parser. The item count is the item_context.csv's
 * when there is one (both, when both are there, must agree, and every logged item id must be
 * below it); otherwise the largest item id in the logs + 1.
 *
 * @throws LabError when the sample is not there, or naming the file and line of a problem.
 *
 * @example
 * const { title, items, random } = await readObdSample(); // 'Men', 34, 10,000 rows
 */
export async function readObdSample(dir: string = DEFAULT_DATA_DIR): Promise<ObdSample> {
  const files = locateObdSample(dir);
  const contexts = [files.random.itemContext, files.bts.itemContext].filter(
    (file): file is string => file !== null,
  );
  const counts = await Promise.all(contexts.map((file) => readItemCount(file)));
  if (counts.length === 2 && counts[0] !== counts[1]) {
    throw new LabError(
      `${contexts[0]} lists ${counts[0]} items, ${contexts[1]} lists ${counts[1]}: the two logs of a campaign share its items`,
    );
  }
  const listed = counts[0];
  const [random, bts] = await Promise.all([
    readObdLog(files.random.log, listed),
    readObdLog(files.bts.log, listed),
  ]);
  for (const log of [random, bts]) {
    if (log.rows === 0) throw new LabError(`${log.source}: no rows after the header`);
  }
  const items = listed ?? Math.max(random.items, bts.items);
  return {
    files,
    campaign: files.campaign,
    title: campaignTitle(files.campaign),
    items,
    itemContext: contexts[0] ?? null,
    attribution: obdAttribution(files.campaign, items),
    random: { ...random, items },
    bts: { ...bts, items },
  };
}
