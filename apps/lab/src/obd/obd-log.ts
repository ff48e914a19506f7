import { readFileSync } from 'node:fs';
import { LabError } from '../lab-error.ts';

/** One OBD log as columns: row r was one item shown in one slot, clicked or not. */
export interface ObdLog {
  readonly source: string;
  readonly rows: number;
  /** Number of items (34 in the "Men" campaign). */
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

/**
 * Parses an OBD `men.csv`. The files are plain comma-separated numbers, hex hashes and ISO
 * timestamps without quoting, so a split on commas is exact; to stay honest about that the
 * parser refuses any double quote, checks that every line has the header's number of fields
 * and that every value is in range, and names the line when one is not. Rows come back in
 * time order (stable for equal timestamps).
 *
 * @throws LabError naming the file and line of the first problem.
 *
 * @example
 * const log = parseObdCsv(',timestamp,item_id,position,click,propensity_score\n0,2019-11-24 00:03:13+00:00,14,3,0,0.0294\n', 'men.csv');
 * log.item[0]; // 14
 */
export function parseObdCsv(text: string, source: string): ObdLog {
  const lines = text.split(/\r?\n/).filter((line) => line.length > 0);
  const bad = (line: number, what: string): never => {
    throw new LabError(`${source}:${line}: ${what}`);
  };
  if (lines.length === 0) bad(1, 'the file is empty');
  const header = lines[0]!.split(',');
  const column = Object.fromEntries(
    REQUIRED.map((name) => {
      const at = header.indexOf(name);
      if (at === -1) bad(1, `no ${name} column in the header`);
      return [name, at];
    }),
  ) as Record<(typeof REQUIRED)[number], number>;
  const rows = lines.length - 1;
  const timestamp = new Float64Array(rows);
  const item = new Int32Array(rows);
  const position = new Int8Array(rows);
  const click = new Uint8Array(rows);
  const propensity = new Float64Array(rows);
  for (let r = 0; r < rows; r++) {
    const line = lines[r + 1]!;
    const at = r + 2;
    if (line.includes('"')) bad(at, 'quoted fields are not supported by this parser');
    const fields = line.split(',');
    if (fields.length !== header.length)
      bad(at, `${fields.length} fields, the header has ${header.length}`);
    const time = Date.parse(fields[column.timestamp]!.replace(' ', 'T'));
    if (Number.isNaN(time)) bad(at, `bad timestamp ${JSON.stringify(fields[column.timestamp])}`);
    const id = Number(fields[column.item_id]);
    if (!(Number.isInteger(id) && id >= 0)) bad(at, `bad item_id ${fields[column.item_id]}`);
    const slot = Number(fields[column.position]);
    if (!(slot === 1 || slot === 2 || slot === 3))
      bad(at, `bad position ${fields[column.position]}`);
    const clicked = Number(fields[column.click]);
    if (!(clicked === 0 || clicked === 1)) bad(at, `bad click ${fields[column.click]}`);
    const p = Number(fields[column.propensity_score]);
    if (!(p > 0 && p <= 1)) bad(at, `bad propensity_score ${fields[column.propensity_score]}`);
    timestamp[r] = time;
    item[r] = id;
    position[r] = slot;
    click[r] = clicked;
    propensity[r] = p;
  }
  const order = Array.from(timestamp.keys()).sort((a, b) => timestamp[a]! - timestamp[b]! || a - b);
  const permute = <T extends Float64Array | Int32Array | Int8Array | Uint8Array>(column: T): T => {
    const out = column.slice() as T;
    for (let r = 0; r < rows; r++) out[r] = column[order[r]!]!;
    return out;
  };
  let items = 0;
  for (const id of item) items = Math.max(items, id + 1);
  return {
    source,
    rows,
    items,
    timestamp: permute(timestamp),
    item: permute(item),
    position: permute(position),
    click: permute(click),
    propensity: permute(propensity),
  };
}

/**
 * Reads and parses an OBD `men.csv` file (see {@link parseObdCsv}).
 *
 * @example
 * const log = readObdLog(obdPaths(dataDir).random);
 */
export function readObdLog(file: string): ObdLog {
  return parseObdCsv(readFileSync(file, 'utf8'), file);
}
