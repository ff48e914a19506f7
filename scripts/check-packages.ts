// `npm run check:packages`: do @crowdbandit/core, protocol and sdk work outside this
// repository? Builds them, runs publint and attw on their tarballs, installs the tarballs into
// a scratch Vite app in a temporary folder (no registry), builds that app and runs it in
// Chromium against the real local edge. Prints one line per check; exits 1 if any failed.
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkInBrowser } from './check-packages/browser-checks.ts';
import {
  buildConsumerApp,
  importInNode,
  installConsumerApp,
  localDependencies,
  typecheckConsumerApp,
  writeConsumerApp,
} from './check-packages/consumer-app.ts';
import { ATTW_PROFILE, attwTarball, publintTarball } from './check-packages/lint-tarball.ts';
import {
  buildPackage,
  PUBLISHABLE,
  packPackage,
  type Tarball,
} from './check-packages/publishable.ts';
import { kilobytes, Report } from './check-packages/report.ts';

const report = new Report();
const scratch = mkdtempSync(join(tmpdir(), 'crowdbandit-check-packages-'));
const tarballDir = join(scratch, 'tarballs');
const appDir = join(scratch, 'app');
mkdirSync(tarballDir);
// A dist this run creates is removed at the end, so that nothing resolves a stale build later.
const distBefore = new Map(PUBLISHABLE.map((p) => [p.dir, existsSync(join(p.dir, 'dist'))]));
const closers: Array<() => Promise<unknown>> = [];

/** `starting`, with its `close` run at clean-up once it has started. */
async function own<T>(starting: Promise<T>, close: (started: T) => Promise<unknown>): Promise<T> {
  const started = await starting;
  closers.push(() => close(started));
  return started;
}

async function cleanUp(): Promise<void> {
  for (const close of closers.splice(0).reverse()) await close().catch(() => undefined);
  rmSync(scratch, { recursive: true, force: true });
  for (const [dir, existed] of distBefore) {
    if (!existed) rmSync(join(dir, 'dist'), { recursive: true, force: true });
  }
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void cleanUp().finally(() => process.exit(130));
  });
}

console.log(
  'check:packages: the publishable packages, as an app outside this repository gets them',
);

report.section("build (each package's `npm run build`: tsc → dist with declarations and maps)");
const built = new Set<string>();
for (const pkg of PUBLISHABLE) {
  await report.group(pkg.name, async () => {
    await report.step(pkg.name, async () => {
      const files = await buildPackage(pkg);
      return [null, `dist: ${files.js} .js, ${files.dts} .d.ts`] as const;
    });
    built.add(pkg.name);
  });
}

report.section(
  `packages (npm pack, then publint --strict and attw --profile ${ATTW_PROFILE} on the tarball)`,
);
const tarballs = new Map<string, Tarball>();
for (const pkg of PUBLISHABLE) {
  if (!built.has(pkg.name)) {
    report.fail(pkg.name, 'not packed: its build failed');
    continue;
  }
  await report.group(pkg.name, async () => {
    const tarball = await report.step(`${pkg.name} npm pack`, async () => {
      const packed = await packPackage(pkg, tarballDir);
      const detail = `${kilobytes(packed.size)} tarball, ${kilobytes(packed.unpackedSize)} unpacked, ${packed.entryCount} files`;
      return [packed, detail] as const;
    });
    tarballs.set(pkg.name, tarball);
    // publint and attw are independent verdicts on the same tarball: both always run.
    await report.group(`${pkg.name} publint`, async () => {
      await report.step(`${pkg.name} publint`, async () => [null, await publintTarball(tarball)]);
    });
    await report.step(`${pkg.name} attw`, async () => [null, await attwTarball(tarball)]);
  });
}

report.section(`consumer app (in ${appDir}, removed at the end)`);
await report.group('consumer app', async () => {
  if (tarballs.size !== PUBLISHABLE.length) {
    report.fail('consumer app', 'not made: a package did not pack');
    return;
  }
  const locals = localDependencies(PUBLISHABLE);
  writeConsumerApp(appDir, tarballs, locals);

  await report.step('npm install --offline', async () => {
    await installConsumerApp(appDir);
    const names = locals.map((d) => `${d.name} ${d.version}`).join(', ');
    return [null, `${tarballs.size} tarballs, and ${names} copied from node_modules`] as const;
  });
  await report.step('node import', async () => {
    const imported = await importInNode(appDir, PUBLISHABLE);
    const list = imported.map(([specifier, names]) => `${specifier} (${names})`).join(', ');
    return [null, `every entry point loads in Node with its exports: ${list}`] as const;
  });
  await report.step('tsc --noEmit', async () => {
    await typecheckConsumerApp(appDir);
    return [
      null,
      'strict, moduleResolution bundler, skipLibCheck off: the .d.ts files check',
    ] as const;
  });
  const bundle = await report.step('vite build', async () => {
    const app = await buildConsumerApp(appDir);
    const size = (path: string) => `${path} ${kilobytes(app.bytes.get(path) ?? 0)}`;
    const lazy = [...app.lazy.values()].map((path) => path.replace('assets/', '')).join(', ');
    const detail = `page ${size(app.entry)}; worker ${size(app.worker)} and its lazy chunks ${lazy}`;
    return [app, detail] as const;
  });
  await checkInBrowser(report, appDir, bundle, own);
});

await cleanUp();
const ok = report.end();
// wrangler and playwright keep a few handles open after closing; the run is over.
process.exit(ok ? 0 : 1);
