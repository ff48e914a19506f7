// Internal: the worker-thread side of runPool. Runs one task per message and replies with
// its result or its error.
import { parentPort } from 'node:worker_threads';
import { runTask, type Task } from './tasks.ts';

parentPort!.on('message', async ({ id, task }: { id: number; task: Task }) => {
  try {
    parentPort!.postMessage({ id, result: await runTask(task) });
  } catch (error) {
    const e = error instanceof Error ? error : new Error(String(error));
    parentPort!.postMessage({ id, error: { name: e.name, message: e.message, stack: e.stack } });
  }
});
