import { LabError } from '../lab-error.ts';

/** What every producer of crowd.json rows gets. */
export interface CrowdContext {
  /** Short runs with rough figures. */
  readonly quick: boolean;
  /** The OBD sample folder. */
  readonly dataDir: string;
  /** Worker threads a producer may use. */
  readonly threads: number;
  /** Prints a line of the run's report. */
  readonly log: (line: string) => void;
}

/** The rows one producer adds to crowd.json. */
export interface CrowdRows {
  /** Top-level keys of crowd.json, e.g. `newcomer_regret_ratio_default`. */
  readonly keys: Readonly<Record<string, unknown>>;
  /** One line per target or figure worth printing at the end, "ACCEPTANCE …" or "  report: …". */
  readonly acceptance: readonly string[];
}

/**
 * A function that measures something about the crowd and returns rows of crowd.json: the
 * in-process study is one; a run through the real edge (SDK clients against workerd) can be
 * another, listed beside it in `CROWD_PRODUCERS`.
 */
export type CrowdRowProducer = (context: CrowdContext) => Promise<CrowdRows>;

/** crowd.json: when and how it was made, every producer's keys, and their acceptance lines. */
export interface CrowdJson {
  readonly date: string;
  readonly quick: boolean;
  readonly seconds: number;
  readonly acceptance: readonly string[];
  readonly [key: string]: unknown;
}

/**
 * Runs the producers one after the other and merges their rows into crowd.json's content.
 * Two producers may not write the same key.
 *
 * @example
 * const json = await collectCrowdRows(CROWD_PRODUCERS, context);
 * writeFileSync('bench/results/crowd.json', toJson(json));
 */
export async function collectCrowdRows(
  producers: readonly CrowdRowProducer[],
  context: CrowdContext,
): Promise<CrowdJson> {
  const started = performance.now();
  const keys: Record<string, unknown> = {};
  const acceptance: string[] = [];
  for (const produce of producers) {
    const rows = await produce(context);
    for (const [key, value] of Object.entries(rows.keys)) {
      if (key in keys || ['date', 'quick', 'seconds', 'acceptance'].includes(key))
        throw new LabError(`crowd.json: two producers write the key ${JSON.stringify(key)}`);
      keys[key] = value;
    }
    acceptance.push(...rows.acceptance);
  }
  return {
    date: new Date().toISOString(),
    quick: context.quick,
    seconds: (performance.now() - started) / 1000,
    ...keys,
    acceptance,
  };
}
