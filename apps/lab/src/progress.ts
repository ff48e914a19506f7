import cliProgress from 'cli-progress';

/** Progress of a long run. */
export interface Progress {
  /** Adds `amount` units of work done. */
  advance(amount: number): void;
  stop(): void;
}

/** A progress sink that shows nothing (tests, `--quiet`). */
export const SILENT_PROGRESS: Progress = { advance() {}, stop() {} };

/**
 * A progress bar on stderr (cli-progress) when stderr is a terminal; otherwise a plain line
 * at every 10% so logs of a CI run still show that something moves.
 *
 * @example
 * const progress = createProgress('simulate', 120);
 * progress.advance(1);
 * progress.stop();
 */
export function createProgress(label: string, total: number): Progress {
  if (process.stderr.isTTY) {
    const bar = new cliProgress.SingleBar(
      {
        format: `${label.padEnd(22)} [{bar}] {percentage}% | {duration_formatted} elapsed, ETA {eta_formatted}`,
        hideCursor: true,
        etaBuffer: 50,
      },
      cliProgress.Presets.shades_classic,
    );
    bar.start(total, 0);
    let done = 0;
    return {
      advance(amount) {
        done += amount;
        bar.update(Math.min(done, total));
      },
      stop() {
        bar.stop();
      },
    };
  }
  const started = performance.now();
  let done = 0;
  let shown = 0;
  return {
    advance(amount) {
      done += amount;
      const tenth = Math.floor((10 * done) / total);
      if (tenth > shown) {
        shown = tenth;
        const seconds = ((performance.now() - started) / 1000).toFixed(0);
        process.stderr.write(`${label}: ${Math.min(100, tenth * 10)}% (${seconds} s)\n`);
      }
    },
    stop() {},
  };
}
