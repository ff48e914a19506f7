// What test/browser/fixtures/app.js exposes on globalThis.cb, for page.evaluate callbacks.

export interface FixtureStatus {
  readonly mode: 'worker' | 'in-thread';
  readonly storage: 'indexeddb' | 'memory';
  readonly online: boolean;
  readonly leader: boolean;
  readonly pendingBatches: number;
  readonly lastAckedSeq: number;
  readonly priorsVersion: number | null;
}

export interface FixturePosterior {
  readonly arm: string;
  readonly alpha: number;
  readonly beta: number;
  readonly mean: number;
  readonly interval: readonly [number, number];
  /** How strongly the crowd's prior counts, when the prior is the community's. */
  readonly community: {
    readonly strength: number;
    readonly evidence: number;
    readonly kappa: { readonly value: number; readonly source: string };
    readonly capped: boolean;
  } | null;
}

/** What client.assign answers. */
export interface FixtureAssignment {
  readonly variation: number;
  readonly key: string | null;
  readonly value: string | number | boolean | null;
  readonly inExperiment: boolean;
  readonly hashValue: string;
  readonly reason: string;
}

/** How a refused call's error arrived on the page. */
export interface FixtureRefusal {
  readonly isCrowdbanditError: boolean;
  readonly instanceOf: boolean;
  readonly name: string | undefined;
  readonly code: string | undefined;
  readonly field: string | undefined;
  readonly message: string | undefined;
}

export interface FixtureApi {
  /** The SDK's preload(): starts the engine's worker before any client. */
  preload(): void;
  start(options: Record<string, unknown>): Promise<FixtureStatus>;
  /** A client whose every worker fails as it starts: how its first call ended, and its status. */
  startBroken(options: Record<string, unknown>): Promise<{ first: string; status: FixtureStatus }>;
  refused(): Promise<FixtureRefusal>;
  status(): FixtureStatus;
  events(): Array<{ name: string; payload: unknown }>;
  feedback(decision: string, arm: string, event: string): Promise<unknown>;
  posterior(decision: string, arm: string): Promise<FixturePosterior>;
  assign(experiment: string, attributes?: { userId?: string }): Promise<FixtureAssignment>;
  track(metric: string, value?: number): Promise<string[]>;
  flush(): Promise<{ state: string; pendingBatches: number; lastAckedSeq: number }>;
  close(): Promise<void>;
  setCatalog(name: string, size: number): Promise<void>;
  rank(decision: string, catalogOrSize: string | number): Promise<string[]>;
  time(kind: 'rank' | 'feedback', count: number, arg: string | number): Promise<number[]>;
}

/** The fixture's remote control, inside page.evaluate. */
export type WithFixture = typeof globalThis & { cb: FixtureApi; cbReady?: boolean };
