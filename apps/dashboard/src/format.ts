/** 0.4213 → "42.1%" (null → "—"). */
export function pct(x: number | null | undefined, digits = 1): string {
  return x === null || x === undefined || !Number.isFinite(x)
    ? '—'
    : `${(x * 100).toFixed(digits)}%`;
}

/** A signed percentage: 0.052 → "+5.2%". */
export function signedPct(x: number | null | undefined, digits = 1): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return '—';
  return `${x > 0 ? '+' : ''}${(x * 100).toFixed(digits)}%`;
}

/** A count: whole numbers as is, fractional ones (decayed, rewards) to one decimal. */
export function count(x: number): string {
  return Number.isInteger(x)
    ? x.toLocaleString('en')
    : x.toLocaleString('en', { maximumFractionDigits: 1 });
}

/** A clock time, with the date when it is not today. */
export function when(t: number, now = Date.now()): string {
  const d = new Date(t);
  const sameDay = new Date(now).toDateString() === d.toDateString();
  return sameDay ? d.toLocaleTimeString('en-GB') : d.toLocaleString('en-GB');
}

/** A duration: 95_000 → "1 min 35 s". */
export function duration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${s % 60} s`;
  const h = Math.floor(m / 60);
  return h < 48 ? `${h} h ${m % 60} min` : `${Math.floor(h / 24)} days`;
}
