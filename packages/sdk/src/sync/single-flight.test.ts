import { describe, expect, it } from 'vitest';
import { singleFlight } from './single-flight.ts';

/** A task whose runs finish when the test says so. */
function gatedTask() {
  const finish: Array<() => void> = [];
  const task = () => new Promise<void>((resolve) => finish.push(resolve));
  return { task, finish, runs: () => finish.length };
}

/** Lets the wrapper's promise chain move on. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('singleFlight', () => {
  it('gives calls made while a run is in flight the same promise, and runs once more for all of them', async () => {
    const { task, finish, runs } = gatedTask();
    const run = singleFlight(task, () => true);
    const first = run();
    const second = run();
    const third = run();
    expect(second).toBe(first);
    expect(third).toBe(first);
    expect(runs()).toBe(1);
    let done = false;
    void first.then(() => {
      done = true;
    });
    finish[0]!();
    await settle();
    // Asked again while running: the promise waits for the run after it.
    expect(runs()).toBe(2);
    expect(done).toBe(false);
    finish[1]!();
    await first;
    expect(runs()).toBe(2);
  });

  it('runs once when nobody asks meanwhile, and starts afresh after', async () => {
    const { task, finish, runs } = gatedTask();
    const run = singleFlight(task, () => true);
    const first = run();
    finish[0]!();
    await first;
    expect(runs()).toBe(1);
    const next = run();
    expect(next).not.toBe(first);
    expect(runs()).toBe(2);
    finish[1]!();
    await next;
  });

  it('does not run again once more() says no', async () => {
    const { task, finish, runs } = gatedTask();
    let running = true;
    const run = singleFlight(task, () => running);
    const first = run();
    void run();
    running = false;
    finish[0]!();
    await first;
    expect(runs()).toBe(1);
  });

  it('rejects with a failed run and lets the next call start another', async () => {
    let calls = 0;
    const run = singleFlight(
      async () => {
        calls += 1;
        if (calls === 1) throw new Error('offline');
      },
      () => true,
    );
    await expect(run()).rejects.toThrow('offline');
    await run();
    expect(calls).toBe(2);
  });
});
