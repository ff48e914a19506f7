// The messages a WebSocket receives, one at a time: `await next()` waits for the next one.

export function messages(ws: WebSocket) {
  const queue: string[] = [];
  const waiters: ((m: string) => void)[] = [];
  ws.addEventListener('message', (e) => {
    const waiter = waiters.shift();
    if (waiter) waiter(e.data as string);
    else queue.push(e.data as string);
  });
  return (timeoutMs = 2000) =>
    new Promise<string>((resolve, reject) => {
      const queued = queue.shift();
      if (queued !== undefined) return resolve(queued);
      const timer = setTimeout(
        () => reject(new Error(`no message within ${timeoutMs} ms`)),
        timeoutMs,
      );
      waiters.push((m) => {
        clearTimeout(timer);
        resolve(m);
      });
    });
}
