// Test helper: an exclusive-only Web Locks manager shared by several hosts in one test, as
// the browser shares navigator.locks between the tabs of an origin.
type Grant = () => void;

export class FakeLocks {
  readonly #queues = new Map<string, Grant[]>();
  readonly #held = new Set<string>();

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
      if (!this.#held.has(name)) grant();
      else {
        const queue = this.#queues.get(name) ?? [];
        queue.push(grant);
        this.#queues.set(name, queue);
      }
    });
  }

  /** As navigator.locks for the host. */
  get manager(): LockManager {
    return this as unknown as LockManager;
  }
}
