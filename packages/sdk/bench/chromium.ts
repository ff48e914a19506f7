// Chromium through playwright-core, shared by the SDK benchmark and the browser tests in
// test/browser: the system's when there is one, else the one `npm install` brings.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { type Browser, chromium } from 'playwright-core';

/** Where Debian (and most Linux distributions) install Chromium. */
export const SYSTEM_CHROMIUM = '/usr/bin/chromium';

/** Keeps every test run on loopback: no updates, no sync, no name lookups beyond 127.0.0.1. */
const QUIET = [
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1',
];

/**
 * The browser's locale, whatever the machine's: under LANG=C.UTF-8 (a fresh Debian machine)
 * Chromium reports the language `en-US@posix`, which Intl refuses (uPlot's formatter throws
 * on load and the dashboard stays blank); `--lang` does not change that, the environment does.
 */
const LOCALE_ENV = { LANG: 'en_US.UTF-8', LC_ALL: 'en_US.UTF-8' };

/**
 * Flags of @sparticuz/chromium meant for a Lambda that a test run must not have: the two that
 * switch off the same-origin policy would hide a CORS mistake in the edge, and in a single
 * process the browser dies when a test closes its first context.
 */
const LAMBDA_ONLY = new Set([
  '--disable-web-security',
  '--allow-running-insecure-content',
  '--single-process',
]);

/** Which Chromium runs and how it is started. */
export interface ChromiumChoice {
  /** `env`: CHROMIUM_PATH; `system`: /usr/bin/chromium; `npm`: @sparticuz/chromium. */
  readonly source: 'env' | 'system' | 'npm';
  readonly executablePath: string;
  readonly args: readonly string[];
  /** For people: the source in words, e.g. `@sparticuz/chromium 153.0.0`. */
  readonly label: string;
}

let choice: Promise<ChromiumChoice> | undefined;

/**
 * Picks the Chromium to run, once per process: `CHROMIUM_PATH` if set, else
 * /usr/bin/chromium if present, else the one in `@sparticuz/chromium` (a devDependency),
 * unpacked into the temp folder on first use.
 */
export function chooseChromium(): Promise<ChromiumChoice> {
  if (!choice) {
    choice = pick();
    // A failed unpack may succeed on the next call.
    choice.catch(() => {
      choice = undefined;
    });
  }
  return choice;
}

async function pick(): Promise<ChromiumChoice> {
  const system = ['--headless', '--no-sandbox', '--disable-gpu', ...QUIET];
  const override = process.env.CHROMIUM_PATH;
  if (override) {
    if (!existsSync(override)) throw new Error(`CHROMIUM_PATH=${override} does not exist`);
    return { source: 'env', executablePath: override, args: system, label: 'CHROMIUM_PATH' };
  }
  if (existsSync(SYSTEM_CHROMIUM)) {
    return { source: 'system', executablePath: SYSTEM_CHROMIUM, args: system, label: 'system' };
  }
  const { default: bundled } = await import('@sparticuz/chromium');
  const { version, executablePath } = await unpackBundled();
  return {
    source: 'npm',
    executablePath,
    args: [...bundled.args.filter((arg) => !LAMBDA_ONLY.has(arg)), ...QUIET],
    label: `@sparticuz/chromium ${version}`,
  };
}

/**
 * Unpacks @sparticuz/chromium into a folder of its own named after its version. The package
 * unpacks into the temp folder itself and takes an existing `chromium` file there as done,
 * so two processes unpacking at once (or one killed halfway) could launch a half-written
 * binary. Here each unpacks into a fresh folder (a child process whose TMPDIR points there)
 * and renames it into place: the folder appears complete or not at all, and a process that
 * loses the race uses the winner's.
 */
async function unpackBundled(): Promise<{ version: string; executablePath: string }> {
  const entry = createRequire(import.meta.url).resolve('@sparticuz/chromium');
  const manifest = join(dirname(entry), '..', 'package.json');
  const { version } = JSON.parse(readFileSync(manifest, 'utf8')) as { version: string };
  const target = join(tmpdir(), `crowdbandit-chromium-${version}`);
  const binary = join(target, 'chromium');
  if (existsSync(binary)) return { version, executablePath: binary };

  const staging = mkdtempSync(join(tmpdir(), 'crowdbandit-chromium-unpacking-'));
  try {
    const script = `const { default: c } = await import(${JSON.stringify(pathToFileURL(entry).href)});
process.stdout.write(await c.executablePath());`;
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--input-type=module', '--eval', script],
      { env: { ...process.env, TMPDIR: staging } },
    );
    if (stdout !== join(staging, 'chromium')) {
      throw new Error(`@sparticuz/chromium unpacked to ${stdout}, expected ${staging}`);
    }
    if (existsSync(target) && !existsSync(binary)) rmSync(target, { recursive: true });
    try {
      renameSync(staging, target);
    } catch (error) {
      // Another process got there first; its folder is as complete as ours.
      if (!existsSync(binary)) throw error;
    }
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
  return { version, executablePath: binary };
}

/**
 * Launches headless Chromium, as {@link chooseChromium} picks it.
 *
 * @example
 * const browser = await launchChromium();
 * const page = await browser.newPage();
 */
export async function launchChromium(): Promise<Browser> {
  const { executablePath, args } = await chooseChromium();
  return chromium.launch({
    executablePath,
    args: [...args],
    headless: true,
    env: { ...process.env, ...LOCALE_ENV },
  });
}

/** A free TCP port on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
