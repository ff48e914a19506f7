import { LabError } from '../lab-error.ts';
import { readLines } from './read-lines.ts';

/**
 * The number of items a campaign's `item_context.csv` (or `.csv.gz`) lists: one row per
 * item, whose `item_id` column must hold 0, 1, …, n − 1, each once, in any order.
 *
 * @throws LabError naming the file and line of the first problem.
 *
 * @example
 * await readItemCount('apps/lab/data/obd/random/men/item_context.csv.gz'); // 34
 */
export async function readItemCount(file: string): Promise<number> {
  const bad = (line: number, what: string): never => {
    throw new LabError(`${file}:${line}: ${what}`);
  };
  let column = -1;
  let width = 0;
  const seen = new Map<number, number>();
  let at = 0;
  for await (const line of readLines(file)) {
    at += 1;
    if (line.length === 0) continue;
    const fields = line.split(',');
    if (column === -1) {
      column = fields.indexOf('item_id');
      width = fields.length;
      if (column === -1) bad(at, 'no item_id column in the header');
      continue;
    }
    if (fields.length !== width) bad(at, `${fields.length} fields, the header has ${width}`);
    const id = Number(fields[column]);
    if (!(Number.isInteger(id) && id >= 0)) bad(at, `bad item_id ${fields[column]}`);
    const first = seen.get(id);
    if (first !== undefined) bad(at, `item_id ${id} again (first on line ${first})`);
    seen.set(id, at);
  }
  if (column === -1) bad(1, 'the file is empty');
  for (let id = 0; id < seen.size; id++) {
    if (!seen.has(id)) bad(at, `item_id ${id} is missing: ids must run from 0 to ${seen.size - 1}`);
  }
  return seen.size;
}
