// Internal to check-packages: prints each check as it ends and counts them.

/** Thrown by {@link Report.step} once a failure has been printed and counted. */
export class StepFailed extends Error {
  override readonly name = 'StepFailed';
}

const LABEL = 30;

function indent(text: string): string {
  return text
    .split('\n')
    .map((line) => `        ${line}`)
    .join('\n');
}

/** Seconds with one decimal, e.g. `2.4 s`. */
export const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** kB (1,000 bytes) with one decimal, as npm prints tarball sizes. */
export const kilobytes = (bytes: number) => `${(bytes / 1000).toFixed(1)} kB`;

/**
 * The run's report: one line per check, `ok` or `FAIL` with why, and the final count.
 *
 * @example
 * const report = new Report();
 * await report.step('bundle', async () => [files, `${files.length} files`]);
 * process.exitCode = report.end() ? 0 : 1;
 */
export class Report {
  #passed = 0;
  #failed = 0;
  readonly #started = performance.now();

  section(title: string): void {
    console.log(`\n${title}`);
  }

  /** Prints a passed check, with the time it took when it is known. */
  pass(label: string, detail: string, ms?: number): void {
    this.#passed += 1;
    const time = ms === undefined ? '' : seconds(ms);
    console.log(`  ok    ${label.padEnd(LABEL)} ${time.padStart(6)}  ${detail}`);
  }

  fail(label: string, why: string): void {
    this.#failed += 1;
    console.log(`  FAIL  ${label}\n${indent(why)}`);
  }

  /**
   * Runs one check: `run` resolves with its value and a line for the report, or throws.
   * A throw is printed and counted, then rethrown as {@link StepFailed} so that the checks
   * that need this one's value do not run.
   */
  async step<T>(label: string, run: () => Promise<readonly [T, string]>): Promise<T> {
    const started = performance.now();
    try {
      const [value, detail] = await run();
      this.pass(label, detail, performance.now() - started);
      return value;
    } catch (error) {
      this.fail(label, error instanceof Error ? error.message : String(error));
      throw new StepFailed(label);
    }
  }

  /**
   * Runs a group of dependent steps; a failed step ends the group (it is already counted),
   * any other error is counted as a failure of the group.
   */
  async group(label: string, run: () => Promise<void>): Promise<void> {
    try {
      await run();
    } catch (error) {
      if (error instanceof StepFailed) return;
      this.fail(label, error instanceof Error ? (error.stack ?? error.message) : String(error));
    }
  }

  /** Prints the count and the time; true when nothing failed. */
  end(): boolean {
    const time = seconds(performance.now() - this.#started);
    console.log(`\ncheck:packages: ${this.#passed} passed, ${this.#failed} failed in ${time}`);
    return this.#failed === 0 && this.#passed > 0;
  }
}
