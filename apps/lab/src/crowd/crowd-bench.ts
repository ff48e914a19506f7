import { availableParallelism } from 'node:os';
import { basename, dirname } from 'node:path';
import { DEFAULT_DATA_DIR } from '../obd/obd-paths.ts';
import { outputDir, toJson } from '../output-dir.ts';
import { crowdProducers } from './crowd-producers.ts';
import { type CrowdJson, type CrowdRowProducer, collectCrowdRows } from './crowd-rows.ts';

/** Options of {@link runCrowd}. */
export interface CrowdRunOptions {
  readonly quick: boolean;
  /** The crowd.json to write. */
  readonly file: string;
  readonly dataDir?: string;
  readonly threads?: number;
  readonly log?: (line: string) => void;
  /** Default: {@link crowdProducers}. */
  readonly producers?: readonly CrowdRowProducer[];
}

/**
 * Runs every producer of crowd.json and writes it (numbers to 6 significant digits): what
 * `npm run lab -- bench --only crowd` and `npm run lab -- crowd` run.
 *
 * @example
 * await runCrowd({ quick: false, file: 'bench/results/crowd.json' });
 */
export async function runCrowd(options: CrowdRunOptions): Promise<CrowdJson> {
  const json = await collectCrowdRows(options.producers ?? crowdProducers(), {
    quick: options.quick,
    dataDir: options.dataDir ?? DEFAULT_DATA_DIR,
    threads: options.threads ?? availableParallelism(),
    log: options.log ?? ((line) => console.log(line)),
  });
  outputDir(dirname(options.file)).write(basename(options.file), toJson(json));
  return json;
}
