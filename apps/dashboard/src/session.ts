/** Who is signed in, to which edge and app. Kept in sessionStorage: gone with the tab. */
export interface Session {
  readonly edgeUrl: string;
  readonly app: string;
  /** The admin token: sent only in the `Authorization` header, never in a URL. */
  readonly token: string;
  /** The app's publishable key (public): priors, κ, the experiments list and live updates. */
  readonly publishableKey: string;
}

const KEY = 'crowdbandit.dashboard.session';

function isSession(value: unknown): value is Session {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return ['edgeUrl', 'app', 'token', 'publishableKey'].every(
    (field) => typeof v[field] === 'string' && v[field] !== '',
  );
}

/** The stored session, or null when nobody is signed in (or what is stored is unreadable). */
export function loadSession(storage: Storage): Session | null {
  try {
    const value: unknown = JSON.parse(storage.getItem(KEY) ?? 'null');
    return isSession(value) ? value : null;
  } catch {
    return null;
  }
}

/** Stores the session; the edge URL loses a trailing slash so paths join cleanly. */
export function saveSession(storage: Storage, session: Session): Session {
  const clean = { ...session, edgeUrl: session.edgeUrl.trim().replace(/\/+$/, '') };
  storage.setItem(KEY, JSON.stringify(clean));
  return clean;
}

/** Signs out: forgets the token (and everything else of the session). */
export function clearSession(storage: Storage): void {
  storage.removeItem(KEY);
}
