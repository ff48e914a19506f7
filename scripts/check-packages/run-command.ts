// Internal to check-packages: runs a command to its end and keeps what it printed.
import { spawn } from 'node:child_process';

/** What a finished command printed, and how long it took. */
export interface Ran {
  readonly stdout: string;
  readonly stderr: string;
  readonly ms: number;
}

/** Options of {@link runCommand}. */
export interface RunOptions {
  readonly cwd: string;
  readonly env?: NodeJS.ProcessEnv;
  /** Exit codes that count as success. Default `[0]`. */
  readonly ok?: readonly number[];
}

/** The last `lines` lines of `text`, for error messages that stay readable. */
export function tail(text: string, lines = 30): string {
  return text.trimEnd().split('\n').slice(-lines).join('\n');
}

/**
 * Runs `command args` in `cwd`; resolves when it exits with an accepted code, rejects with
 * the command and the end of its output otherwise.
 *
 * @example
 * const { stdout } = await runCommand('npm', ['pack', '--json'], { cwd: packageDir });
 */
export function runCommand(
  command: string,
  args: readonly string[],
  options: RunOptions,
): Promise<Ran & { readonly code: number }> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    child.once('error', reject);
    child.once('close', (code, signal) => {
      const ms = performance.now() - started;
      const exit = code ?? -1;
      if ((options.ok ?? [0]).includes(exit)) {
        resolve({ stdout, stderr, ms, code: exit });
        return;
      }
      const how = signal === null ? `exit code ${exit}` : `signal ${signal}`;
      const output = tail(`${stdout}\n${stderr}`);
      reject(new Error(`\`${[command, ...args].join(' ')}\` failed (${how}):\n${output}`));
    });
  });
}
