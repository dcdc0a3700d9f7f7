import type { Verdict } from "./outcomes.ts";
import type { Rng } from "./rng.ts";

export interface FuzzContext {
  /** A directory for this family's files, removed after the run. */
  dir: string;
  /** Per-input time bound (hang) and per-process memory bound. */
  timeoutMs: number;
  memoryBoundMb: number;
  log: (line: string) => void;
}

export interface FamilyRun {
  /** Generates input `index` from `rng`, feeds it to the real code and says what happened. */
  next(rng: Rng, index: number): Promise<{ input: string; verdict: Verdict }>;
  /** Checks made once at the end (e.g. impossible values stored), then stops what open() started. */
  close(): Promise<Record<string, number>>;
}

export interface Family {
  name: string;
  open(ctx: FuzzContext): Promise<FamilyRun>;
}
