// Internal to check-packages: the scratch app, as a developer outside this repository would
// write it after `npm install @crowdbandit/sdk`. It is written into a temporary folder.

/** The edge's test app (test/support/wrangler.test.jsonc). */
export const EDGE_APP = { id: 'e2e', key: 'pk_e2e_test', adminToken: 'e2e-admin-token' } as const;

/** The decision the page ranks with, and how many items it asks for. */
export const DECISION = 'feed';
export const K = 5;

/** What one visit of the page reports to the checker (JSON). */
export interface Visit {
  readonly ranked: readonly string[];
  /** The item liked (first visit) or asked about (second visit). */
  readonly liked: string;
  /** Second visit: the liked item's α minus an untouched item's α (1 if the like was kept). */
  readonly likeKept: number | null;
  readonly sync: {
    readonly state: string;
    readonly pendingBatches: number;
    readonly lastAckedSeq: number;
  };
  readonly status: {
    readonly mode: string;
    readonly storage: string;
    readonly leader: boolean;
    readonly pendingBatches: number;
    readonly lastAckedSeq: number;
  };
  /** IndexedDB databases of the origin, after the visit. */
  readonly databases: readonly string[];
  /** `storage` events (only sent when learning is not, or no longer, in IndexedDB). */
  readonly storageReports: readonly string[];
  readonly errors: readonly string[];
}

const page = `// A page that uses the SDK as its README shows: rank a catalog, like the top item, send it.
// First visit: ?endpoint=URL. Second visit (same browser profile): ?endpoint=URL&liked=ID.
import { createClient } from '@crowdbandit/sdk';

declare global {
  interface Window {
    crowdbandit: Promise<unknown>;
  }
}

const params = new URLSearchParams(location.search);
const client = createClient({
  appId: '${EDGE_APP.id}',
  endpoint: params.get('endpoint') ?? '',
  publishableKey: '${EDGE_APP.key}',
  decisions: { ${DECISION}: { kind: 'rank', k: ${K} } },
  webSocket: false,
  flushIntervalMs: 600_000,
});
const errors: string[] = [];
const storageReports: string[] = [];
client.on('error', ({ source, message }) => errors.push(\`\${source}: \${message}\`));
client.on('storage', ({ mode, reason }) => storageReports.push(\`\${mode}: \${reason ?? ''}\`));

const films = Array.from({ length: 40 }, (_, i) => ({
  id: \`film-\${i}\`,
  popularity: 40 - i,
  features: [\`genre:g\${i % 4}\`],
}));

async function firstVisit() {
  await client.setCatalog('films', films);
  const ranked = await client.rank('${DECISION}', 'films');
  const liked = ranked[0]?.id ?? 'nothing ranked';
  await client.feedback('${DECISION}', liked, 'like');
  return { ranked: ranked.map((item) => item.id), liked, likeKept: null };
}

async function secondVisit(liked: string) {
  const untouched = films.find((film) => film.id !== liked)?.id ?? liked;
  const [mine, other] = await Promise.all([
    client.posterior('${DECISION}', liked),
    client.posterior('${DECISION}', untouched),
  ]);
  return { ranked: [], liked, likeKept: mine.alpha - other.alpha };
}

// The first flush may come before this tab has won the leader lock and had its id signed;
// then the batch waits in the outbox, and flushing again sends it.
async function sent() {
  for (let attempt = 1; ; attempt++) {
    const sync = await client.flush();
    if ((sync.pendingBatches === 0 && sync.lastAckedSeq > 0) || attempt === 100) return sync;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function visit() {
  const liked = params.get('liked');
  const seen = liked === null ? await firstVisit() : await secondVisit(liked);
  const sync = await sent();
  const status = client.status();
  const databases = (await indexedDB.databases()).map((db) => db.name ?? '');
  await client.close();
  return { ...seen, sync, status, databases, storageReports, errors };
}

window.crowdbandit = visit();
`;

/** The scratch app's files by path, with `dependencies` for its package.json. */
export function consumerFiles(dependencies: Record<string, string>): Record<string, string> {
  return {
    'package.json': `${JSON.stringify(
      { name: 'crowdbandit-consumer-check', private: true, type: 'module', dependencies },
      null,
      2,
    )}\n`,
    'index.html': `<!doctype html>
<html lang="en">
  <head><meta charset="utf-8" /><title>crowdbandit consumer check</title></head>
  <body><script type="module" src="/src/main.ts"></script></body>
</html>
`,
    'src/main.ts': page,
    // The one setting the SDK asks of a Vite app: an ES module worker, so the worker's own
    // lazy chunks (sync, intervals, memory store) stay chunks. Vite's default ('iife')
    // works too, but inlines them into the worker.
    'vite.config.js': `export default { worker: { format: 'es' } };\n`,
    // A strict consumer that also checks the packages' declaration files (skipLibCheck off).
    'tsconfig.json': `${JSON.stringify(
      {
        compilerOptions: {
          target: 'es2022',
          module: 'esnext',
          moduleResolution: 'bundler',
          lib: ['es2023', 'dom', 'dom.iterable'],
          types: [],
          strict: true,
          exactOptionalPropertyTypes: true,
          noUncheckedIndexedAccess: true,
          skipLibCheck: false,
          noEmit: true,
        },
        include: ['src'],
      },
      null,
      2,
    )}\n`,
  };
}
