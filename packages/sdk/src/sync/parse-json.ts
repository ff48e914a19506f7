// Internal: JSON.parse that answers undefined instead of throwing, for the decoders to judge.
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
