import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { LabError } from '../lab-error.ts';
import { type Progress, SILENT_PROGRESS } from '../progress.ts';
import { runTask, type Task, type TaskResults } from './tasks.ts';

/** A task with its estimated cost (for scheduling, largest first, and for the progress bar). */
export interface CostedTask<T extends Task = Task> {
  readonly task: T;
  readonly cost: number;
}

/** Options of {@link runPool}. */
export interface PoolOptions {
  /** Worker threads; 1 runs every task in this thread. Default: the machine's parallelism. */
  readonly threads?: number;
  readonly progress?: Progress;
}

/** The number of threads to use by default: every core the machine offers. */
export function defaultThreads(): number {
  return availableParallelism();
}

interface Reply {
  readonly id: number;
  readonly result?: unknown;
  readonly error?: { readonly name: string; readonly message: string; readonly stack?: string };
}

/**
 * Runs independent tasks (one seed of one configuration each) on worker threads, largest
 * first, and returns their results in the order given. Seeds fix every random draw, so the
 * results do not depend on the number of threads or the order in which tasks finish.
 *
 * @example
 * const regrets = await runPool(
 *   seeds.map((seed) => ({ task: { kind: 'bandit', options: { ...run, seed } }, cost: 1 })),
 *   { threads: 2 },
 * );
 */
export async function runPool<T extends Task>(
  tasks: readonly CostedTask<T>[],
  options: PoolOptions = {},
): Promise<TaskResults[T['kind']][]> {
  const progress = options.progress ?? SILENT_PROGRESS;
  const threads = Math.max(1, Math.min(options.threads ?? defaultThreads(), tasks.length));
  const results: unknown[] = new Array(tasks.length);
  const order = tasks.map((_, i) => i).sort((a, b) => tasks[b]!.cost - tasks[a]!.cost);
  if (threads === 1) {
    for (const i of order) {
      results[i] = await runTask(tasks[i]!.task);
      progress.advance(tasks[i]!.cost);
    }
    return results as TaskResults[T['kind']][];
  }
  const workers = Array.from(
    { length: threads },
    () =>
      new Worker(new URL('./pool-worker.ts', import.meta.url), {
        // The worker loads TypeScript sources natively, through the source export condition.
        execArgv: ['--conditions=@crowdbandit/source', '--disable-warning=ExperimentalWarning'],
      }),
  );
  let next = 0;
  try {
    await Promise.all(
      workers.map(
        (worker) =>
          new Promise<void>((resolve, reject) => {
            const send = () => {
              if (next >= order.length) {
                resolve();
                return;
              }
              const id = order[next++]!;
              worker.postMessage({ id, task: tasks[id]!.task });
            };
            worker.on('message', (reply: Reply) => {
              if (reply.error !== undefined) {
                const error =
                  reply.error.name === 'LabError'
                    ? new LabError(reply.error.message)
                    : new Error(`${reply.error.message}\n(in a worker) ${reply.error.stack ?? ''}`);
                reject(error);
                return;
              }
              results[reply.id] = reply.result;
              progress.advance(tasks[reply.id]!.cost);
              send();
            });
            worker.on('error', reject);
            worker.on('exit', (code) => {
              if (next < order.length || code !== 0)
                reject(new Error(`a worker thread exited with code ${code}`));
            });
            send();
          }),
      ),
    );
  } finally {
    await Promise.all(workers.map((worker) => worker.terminate()));
  }
  return results as TaskResults[T['kind']][];
}
