// Internal: the lines of a text file, gunzipped on the fly when its name ends in .gz.
import { createReadStream } from 'node:fs';
import { pipeline } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { createGunzip } from 'node:zlib';
import { LabError } from '../lab-error.ts';

/**
 * Yields every line of `file` (without its `\n` or `\r\n`), streaming: a `.gz` file is
 * decompressed chunk by chunk and never held whole in memory. A file that cannot be read or
 * is not valid gzip ends the iteration with a {@link LabError} naming it.
 */
export async function* readLines(file: string): AsyncGenerator<string> {
  const source = createReadStream(file);
  // pipeline() destroys both streams on the first error, so iterating the gunzip stream
  // rejects with an error from either (a read failure or a corrupt/truncated archive).
  const input = file.endsWith('.gz') ? pipeline(source, createGunzip(), () => {}) : source;
  const decoder = new StringDecoder('utf8');
  let rest = '';
  try {
    for await (const chunk of input) {
      const lines = (rest + decoder.write(chunk as Buffer)).split('\n');
      rest = lines.pop()!;
      for (const line of lines) yield line.endsWith('\r') ? line.slice(0, -1) : line;
    }
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    const what =
      typeof code === 'string' && code.startsWith('Z_') ? 'not valid gzip' : 'unreadable';
    throw new LabError(
      `${file}: ${what} (${error instanceof Error ? error.message : String(error)})`,
    );
  } finally {
    source.destroy();
  }
  rest += decoder.end();
  if (rest.length > 0) yield rest.endsWith('\r') ? rest.slice(0, -1) : rest;
}
