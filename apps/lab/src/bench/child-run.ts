import { spawn } from 'node:child_process';
import { REPO_ROOT } from '../obd/obd-paths.ts';

/** How a child run ended. */
export interface ChildOutcome {
  readonly ok: boolean;
  readonly seconds: number;
  /** The last lines of its output when it failed. */
  readonly error?: string;
}

/** Options of {@link runInChild}. */
export interface ChildOptions {
  /** Extra environment variables. */
  readonly env?: Readonly<Record<string, string>>;
  readonly timeoutMs: number;
  /** Prefix of the child's echoed output lines. */
  readonly label: string;
}

/**
 * Runs an ES module snippet in a fresh Node process (this Node, the source export condition,
 * the repository as working directory), echoing its output with a prefix. A benchmark thus
 * gets a clean heap and JIT, cannot take the orchestrator down, and is killed at the timeout.
 *
 * @example
 * await runInChild("const m = await import('./packages/core/bench/core.ts'); await m.runCoreBench({ quick: true });", { label: 'core', timeoutMs: 60_000 });
 */
export function runInChild(code: string, options: ChildOptions): Promise<ChildOutcome> {
  const started = performance.now();
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      ['--conditions=@crowdbandit/source', '--input-type=module', '-e', code],
      {
        cwd: REPO_ROOT,
        env: { ...process.env, ...options.env },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    const tail: string[] = [];
    const echo = (chunk: Buffer) => {
      for (const line of chunk.toString().split('\n')) {
        if (line.trim().length === 0) continue;
        process.stdout.write(`  ${options.label} │ ${line}\n`);
        tail.push(line);
        if (tail.length > 12) tail.shift();
      }
    };
    child.stdout.on('data', echo);
    child.stderr.on('data', echo);
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), 5000).unref();
    }, options.timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      const seconds = (performance.now() - started) / 1000;
      if (code === 0 && !timedOut) resolve({ ok: true, seconds });
      else {
        resolve({
          ok: false,
          seconds,
          error: timedOut
            ? `timed out after ${options.timeoutMs / 1000} s`
            : `exit code ${code}: ${tail.slice(-3).join(' / ')}`,
        });
      }
    });
  });
}
