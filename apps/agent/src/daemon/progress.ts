import type { ChildProgress } from "@edgeseg/bench";
import type { ProgressMessage } from "@edgeseg/protocol";

export type ProgressPhase = ProgressMessage["phase"];
export type ProgressUpdate = { phase: ProgressPhase; done: number; total: number };

const childPhases: Record<ChildProgress["phase"], ProgressPhase> = {
  load: "loading",
  accuracy: "accuracy",
  "single-stream": "single-stream",
  offline: "offline",
};

export const fromChild = (p: ChildProgress): ProgressUpdate => ({
  phase: childPhases[p.phase] ?? "loading",
  done: Math.min(p.done, Math.max(p.total, 1)),
  total: Math.max(p.total, 1),
});

/**
 * Passes on at most one progress update per `intervalMs` (progress is QoS 0 and superseded by the next
 * one), except that a new phase and a phase's last unit always go out, so the hub sees every step.
 */
export function throttleProgress(
  send: (update: ProgressUpdate) => void,
  intervalMs = 1000,
  now: () => number = Date.now,
): (update: ProgressUpdate) => void {
  let lastAt = Number.NEGATIVE_INFINITY;
  let lastPhase: ProgressPhase | null = null;
  return (update) => {
    const t = now();
    const boundary = update.phase !== lastPhase || update.done >= update.total;
    if (!boundary && t - lastAt < intervalMs) return;
    lastAt = t;
    lastPhase = update.phase;
    send(update);
  };
}
