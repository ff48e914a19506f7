// Internal: the context features core fills in itself (BUILT_IN_FEATURES) with every value
// they take, as format version 2 writes them: a context key made only of these pairs travels
// as one byte a pair (`timeOfDay=evening;dayType=weekday;sessionPosition=early`: 3 bytes
// instead of 55). Append only: a pair's index is part of the format.

/** `feature=value` pairs, by index. */
export const CONTEXT_PAIRS: readonly string[] = [
  'timeOfDay=morning',
  'timeOfDay=afternoon',
  'timeOfDay=evening',
  'timeOfDay=night',
  'dayType=weekday',
  'dayType=weekend',
  'sessionPosition=early',
  'sessionPosition=middle',
  'sessionPosition=late',
  'userType=cold-start',
  'userType=regular',
  'userType=power',
];

const INDEX = new Map(CONTEXT_PAIRS.map((pair, i) => [pair, i]));

/** The pair indexes of a context key made only of built-in pairs, else undefined. */
export function contextPairs(text: string): number[] | undefined {
  if (text === '') return undefined;
  const out: number[] = [];
  for (const pair of text.split(';')) {
    const index = INDEX.get(pair);
    if (index === undefined) return undefined;
    out.push(index);
  }
  return out;
}
