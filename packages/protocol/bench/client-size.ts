// Measures what `@crowdbandit/protocol/client` costs a browser bundle: minified, gzip and
// brotli bytes of a production Vite build of each variant. It decided how the client checks
// what the edge answers: hand-written decoders versus zod/mini schemas.
//
//   node --conditions=@crowdbandit/source packages/protocol/bench/client-size.ts
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { build, type Rolldown } from 'vite';

const src = fileURLToPath(new URL('../src/', import.meta.url));

const ENCODERS = `export {
  BINARY_CONTENT_TYPE, JSON_CONTENT_TYPE, MAX_BODY_BYTES, MAX_CONTEXT_LENGTH, MAX_COUNT,
  MAX_DELTAS_PER_BATCH, MAX_NAME_LENGTH, PROTOCOL_VERSION, COUNT_SCALE, checkBatch, encodeBatch,
  encodeBatchJson, fromMilli, mergeDeltas, priorsETag, quantize, toMilli,
} from '${src}client.ts';
`;

const ZOD_DECODERS = `import { decodeWith } from '${src}decode-with.ts';
import { AckSchema } from '${src}ack.ts';
import { ErrorBodySchema } from '${src}error-body.ts';
import { PriorsAnnouncementSchema } from '${src}priors-announcement.ts';
import { PriorsSnapshotSchema } from '${src}priors-snapshot.ts';
export const decodeAck = (value) => decodeWith(AckSchema, value);
export const decodeErrorBody = (value) => decodeWith(ErrorBodySchema, value);
export const decodePriorsAnnouncement = (value) => decodeWith(PriorsAnnouncementSchema, value);
export const decodePriorsSnapshot = (value) => decodeWith(PriorsSnapshotSchema, value);
`;

/** The bundles compared; each entry exports what the SDK would import. */
export const VARIANTS = {
  'encoders only': ENCODERS,
  'client subpath (hand-written decoders)': `export * from '${src}client.ts';\n`,
  'encoders + zod/mini decoders': ENCODERS + ZOD_DECODERS,
  'encoders + zod/mini decoders + en locale': `${ENCODERS + ZOD_DECODERS}import { installEnglishMessages } from '${src}english-messages.ts';
installEnglishMessages();
`,
} as const;

export type Variant = keyof typeof VARIANTS;

export interface BundleSize {
  readonly variant: Variant;
  readonly minified: number;
  readonly gzip: number;
  readonly brotli: number;
}

export interface ClientSizeReport {
  readonly sizes: readonly BundleSize[];
  /** Brotli bytes zod/mini decoders add over the hand-written ones. */
  readonly zodExtraBrotli: number;
  /** The choice the 2 KB rule makes: hand-written when zod costs more than that. */
  readonly choice: 'hand-written' | 'zod/mini';
}

async function bundle(dir: string, name: string, entry: string): Promise<string> {
  const file = join(dir, `${name}.js`);
  await writeFile(file, entry);
  const result = await build({
    configFile: false,
    root: dir,
    logLevel: 'silent',
    resolve: { conditions: ['@crowdbandit/source', 'module', 'browser', 'default'] },
    build: {
      write: false,
      minify: true,
      modulePreload: false,
      rolldownOptions: { input: file, preserveEntrySignatures: 'strict' },
    },
  });
  const outputs = (Array.isArray(result) ? result : [result]) as Rolldown.RolldownOutput[];
  return outputs
    .flatMap((output) => output.output)
    .map((chunk) => (chunk.type === 'chunk' ? chunk.code : ''))
    .join('');
}

/**
 * Builds every variant and measures it.
 *
 * @example
 * const { sizes, choice } = await measureClientSize();
 */
export async function measureClientSize(): Promise<ClientSizeReport> {
  const dir = await mkdtemp(join(tmpdir(), 'crowdbandit-client-size-'));
  try {
    const sizes: BundleSize[] = [];
    for (const [index, [variant, entry]] of Object.entries(VARIANTS).entries()) {
      const code = Buffer.from(await bundle(dir, `entry-${index}`, entry));
      sizes.push({
        variant: variant as Variant,
        minified: code.length,
        gzip: gzipSync(code, { level: 9 }).length,
        brotli: brotliCompressSync(code, {
          params: { [constants.BROTLI_PARAM_QUALITY]: 11 },
        }).length,
      });
    }
    const brotli = (variant: Variant) => sizes.find((size) => size.variant === variant)!.brotli;
    const zodExtraBrotli =
      brotli('encoders + zod/mini decoders') - brotli('client subpath (hand-written decoders)');
    return { sizes, zodExtraBrotli, choice: zodExtraBrotli > 2048 ? 'hand-written' : 'zod/mini' };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

if (import.meta.main) {
  const report = await measureClientSize();
  const width = Math.max(...report.sizes.map((size) => size.variant.length));
  console.log(`${'bundle'.padEnd(width)}  minified      gzip    brotli`);
  for (const size of report.sizes) {
    const cells = [size.minified, size.gzip, size.brotli].map((n) => `${n} B`.padStart(8));
    console.log(`${size.variant.padEnd(width)}  ${cells.join('  ')}`);
  }
  console.log(
    `\nzod/mini decoders cost ${report.zodExtraBrotli} B brotli more than hand-written ones ` +
      `(threshold 2048 B): ${report.choice}`,
  );
}
