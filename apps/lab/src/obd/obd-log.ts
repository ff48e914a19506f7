import { LabError } from '../lab-error.ts';
import { readLines } from './read-lines.ts';

/** One OBD log as columns: row r was one item shown in one slot, clicked or not. */
export interface ObdLog {
  readonly source: string;
  readonly rows: number;
  /** Number of items: the campaign's item_context.csv count, else the largest item id + 1. */
  readonly items: number;
  readonly timestamp: Float64Array;
  readonly item: Int32Array;
  /** Slot on the page: 1 left, 2 centre, 3 right. */
  readonly position: Int8Array;
  readonly click: Uint8Array;
  /** The logging policy's probability of showing this item in this slot. */
  readonly propensity: Float64Array;
}

const REQUIRED = ['timestamp', 'item_id', 'position', 'click', 'propensity_score'] as const;
type Columns = Record<(typeof REQUIRED)[number], number>;

/** Builds an {@link ObdLog} line by line, so that a compressed file can stream into it. */
export interface ObdLogParser {
  /** Takes the file's next line; `at` is its 1-based line number, for error messages. */
  line(text: string, at: number): void;
  /** The rows read so far, in time order (stable for equal timestamps). */
  finish(): ObdLog;
}

/**
 * A strict parser of an OBD log such as `men.csv`. The files are plain comma-separated
 * numbers, hex hashes and ISO timestamps without quoting, so a split on commas is exact; to
 * stay honest about that the parser refuses any double quote, checks that every line has the
 * header's number of fields and that every value is in range, and names the line when one is
 * not. Empty lines are skipped. With `items` (the count item_context.csv gives) an item id
 * must be below it; without, the log's largest id + 1 is the item count.
 *
 * @throws LabError naming the source and line of the first problem.
 *
 * @example
 * const parser = createObdLogParser('men.csv', 34);
 * parser.line(',timestamp,item_id,position,click,propensity_score', 1);
 * parser.line('0,2019-11-24 00:03:13+00:00,14,3,0,0.0294', 2);
 * parser.finish().item[0]; // 14
 */
export function createObdLogParser(source: string, items?: number): ObdLogParser {
  const bad = (line: number, what: string): never => {
    throw new LabError(`${source}:${line}: ${what}`);
  };
  let width = 0;
  let column: Columns | null = null;
  const timestamp: number[] = [];
  const item: number[] = [];
  const position: number[] = [];
  const click: number[] = [];
  const propensity: number[] = [];
  let largest = -1;

  const readHeader = (line: string, at: number): Columns => {
    const names = line.split(',');
    width = names.length;
    return Object.fromEntries(
      REQUIRED.map((name) => {
        const index = names.indexOf(name);
        if (index === -1) bad(at, `no ${name} column in the header`);
        return [name, index];
      }),
    ) as Columns;
  };

  return {
    line(line, at) {
      if (line.length === 0) return;
      if (column === null) {
        column = readHeader(line, at);
        return;
      }
      if (line.includes('"')) bad(at, 'quoted fields are not supported by this parser');
      const fields = line.split(',');
      if (fields.length !== width) bad(at, `${fields.length} fields, the header has ${width}`);
      const time = Date.parse(fields[column.timestamp]!.replace(' ', 'T'));
      if (Number.isNaN(time)) bad(at, `bad timestamp ${JSON.stringify(fields[column.timestamp])}`);
      const id = Number(fields[column.item_id]);
      if (!(Number.isInteger(id) && id >= 0)) bad(at, `bad item_id ${fields[column.item_id]}`);
      if (items !== undefined && id >= items)
        bad(at, `item_id ${id} is not among the ${items} items of item_context.csv`);
      const slot = Number(fields[column.position]);
      if (!(slot === 1 || slot === 2 || slot === 3))
        bad(at, `bad position ${fields[column.position]}`);
      const clicked = Number(fields[column.click]);
      if (!(clicked === 0 || clicked === 1)) bad(at, `bad click ${fields[column.click]}`);
      const p = Number(fields[column.propensity_score]);
      if (!(p > 0 && p <= 1)) bad(at, `bad propensity_score ${fields[column.propensity_score]}`);
      timestamp.push(time);
      item.push(id);
      position.push(slot);
      click.push(clicked);
      propensity.push(p);
      largest = Math.max(largest, id);
    },
    finish() {
      if (column === null) bad(1, 'the file is empty');
      const order = Array.from(timestamp.keys()).sort(
        (a, b) => timestamp[a]! - timestamp[b]! || a - b,
      );
      const inOrder = (values: readonly number[]) => order.map((r) => values[r]!);
      return {
        source,
        rows: order.length,
        items: items ?? largest + 1,
        timestamp: Float64Array.from(inOrder(timestamp)),
        item: Int32Array.from(inOrder(item)),
        position: Int8Array.from(inOrder(position)),
        click: Uint8Array.from(inOrder(click)),
        propensity: Float64Array.from(inOrder(propensity)),
      };
    },
  };
}

/**
 * Parses the text of an OBD log (see {@link createObdLogParser}).
 *
 * @throws LabError naming the file and line of the first problem.
 *
 * @example
 * const log = parseObdCsv(',timestamp,item_id,position,click,propensity_score\n0,2019-11-24 00:03:13+00:00,14,3,0,0.0294\n', 'men.csv');
 * log.item[0]; // 14
 */
export function parseObdCsv(text: string, source: string, items?: number): ObdLog {
  const parser = createObdLogParser(source, items);
  text.split('\n').forEach((line, i) => {
    parser.line(line.endsWith('\r') ? line.slice(0, -1) : line, i + 1);
  });
  return parser.finish();
}

/**
 * Reads an OBD log, `.csv` or gzipped `.csv.gz`, streaming it through the parser of
 * {@link createObdLogParser}.
 *
 * @throws LabError naming the file (and the line) when it cannot be read, is not valid gzip
 * or has a bad row.
 *
 * @example
 * const log = await readObdLog('apps/lab/data/obd/random/men/men.csv.gz', 34);
 */
export async function readObdLog(file: string, items?: number): Promise<ObdLog> {
  const parser = createObdLogParser(file, items);
  let at = 0;
  for await (const line of readLines(file)) parser.line(line, ++at);
  return parser.finish();
}
