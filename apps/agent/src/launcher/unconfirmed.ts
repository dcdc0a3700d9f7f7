/**
 * Starts a self-updated version gets to connect to the hub once (and so confirm itself) before the
 * launcher switches back to the version it replaced. With the unit's Restart=always and RestartSec=5,
 * a version that fails at every start is rolled back within about half a minute.
 */
export const MAX_UNCONFIRMED_STARTS = 3;

/** The fields of `<install dir>/update.json` (update-state.ts) the launcher reads and writes. */
interface Confirming {
  status: "confirming";
  from: string;
  to: string;
  version: string;
  starts: number;
  [key: string]: unknown;
}

export interface LaunchStep {
  /** update.json as it must be written before the agent runs, or null for no change. */
  state: Record<string, unknown> | null;
  /** The version folder `current` must point at instead, or null. */
  switchTo: string | null;
  message: string | null;
}

const NOTHING: LaunchStep = { state: null, switchTo: null, message: null };

function isConfirming(s: unknown): s is Confirming {
  const o = s as Partial<Confirming> | null;
  return (
    o?.status === "confirming" &&
    typeof o.from === "string" &&
    typeof o.to === "string" &&
    typeof o.version === "string" &&
    Number.isInteger(o.starts)
  );
}

/**
 * What one `run` start does with the update state: nothing unless `current` is a version still to
 * confirm; then the start is counted, and past MAX_UNCONFIRMED_STARTS `current` goes back to `from`
 * (when that folder is still there) with the state "rolled-back", which the old version reports to
 * the hub once it is connected (update.ts, afterBirth).
 */
export function afterStart(
  state: unknown,
  current: string | null,
  hasVersion: (folder: string) => boolean,
): LaunchStep {
  if (!isConfirming(state) || current !== state.to) return NOTHING;
  if (state.starts < MAX_UNCONFIRMED_STARTS)
    return { ...NOTHING, state: { ...state, starts: state.starts + 1 } };
  if (!hasVersion(state.from)) return NOTHING;
  const reason = `it passed its trial but did not connect to the hub in ${state.starts} starts after the update`;
  return {
    state: { ...state, status: "rolled-back", reason, reported: false },
    switchTo: state.from,
    message: `${state.to}: ${reason}; switched back to ${state.from}`,
  };
}
