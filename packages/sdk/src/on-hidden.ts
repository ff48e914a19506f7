// Internal: run a best-effort task when the page is hidden (tab switched, closing, frozen
// soon); errors are swallowed, the regular path covers what the task could not do.

/** Calls `task` on every `visibilitychange` to hidden; returns a function that stops it. */
export function onHidden(task: () => Promise<void>): () => void {
  if (typeof document === 'undefined') return () => {};
  const listener = () => {
    if (document.visibilityState === 'hidden') task().catch(() => undefined);
  };
  document.addEventListener('visibilitychange', listener);
  return () => document.removeEventListener('visibilitychange', listener);
}
