// Test helper: an exclusive-only Web Locks manager shared by several hosts in one test, as
// the browser shares navigator.locks between the tabs of an origin.
type Grant = () => void;

export class FakeLocks {
  readonly #queues = new Map<string, Grant[]>();
  readonly #held = new Set<string>();
  readonly #grantDelayMs: number;

  /**
   * @param grantDelayMs - how long a free lock takes to be granted (0: within a microtask);
   *   a browser grants it after a round trip to its own process.
   */
  constructor(grantDelayMs = 0) {
    this.#grantDelayMs = grantDelayMs;
  }

  /** The locks held now, as LockManager.query reports them. */
  async query(): Promise<LockManagerSnapshot> {
    return { held: [...this.#held].map((name) => ({ name, mode: 'exclusive' })), pending: [] };
  }

  request(
    name: string,
    options: { signal?: AbortSignal },
    callback: () => unknown,
  ): Promise<unknown> {
    return new Promise((resolve, reject) => {
      const grant: Grant = () => {
        this.#held.add(name);
        Promise.resolve()
          .then(callback)
          .then(resolve, reject)
          .finally(() => {
            this.#held.delete(name);
            this.#queues.get(name)?.shift()?.();
          });
      };
      options.signal?.addEventListener('abort', () => {
        const queue = this.#queues.get(name) ?? [];
        const at = queue.indexOf(grant);
        if (at !== -1) {
          queue.splice(at, 1);
          reject(new DOMException('aborted', 'AbortError'));
        }
      });
      const grantOrQueue = () => {
        if (!this.#held.has(name)) grant();
        else {
          const queue = this.#queues.get(name) ?? [];
          queue.push(grant);
          this.#queues.set(name, queue);
        }
      };
      if (this.#grantDelayMs === 0) grantOrQueue();
      else setTimeout(grantOrQueue, this.#grantDelayMs);
    });
  }

  /** As navigator.locks for the host. */
  get manager(): LockManager {
    return this as unknown as LockManager;
  }
}
