import { spawnSync } from "node:child_process";

export interface ServiceState {
  /** systemd's ActiveState (active, inactive, failed, activating…), or null without systemd. */
  active: string | null;
  /** UnitFileState (enabled, disabled…), or null. */
  enabled: string | null;
  mainPid: number | null;
  /** Why nothing is known, e.g. no systemctl, or systemd not running (a container). */
  note: string | null;
}

/** `systemctl show edgeseg-agent`: read-only, works for any user. */
export function serviceState(unit = "edgeseg-agent"): ServiceState {
  const out = spawnSync(
    "systemctl",
    ["show", unit, "--property=ActiveState,UnitFileState,MainPID", "--no-pager"],
    { encoding: "utf8", timeout: 5000 },
  );
  if (out.error) {
    const code = (out.error as NodeJS.ErrnoException).code;
    return {
      active: null,
      enabled: null,
      mainPid: null,
      note: code === "ENOENT" ? "no systemctl" : (code ?? out.error.message),
    };
  }
  if (out.status !== 0) {
    const line = (out.stderr || out.stdout).trim().split("\n")[0] ?? `exit code ${out.status}`;
    return { active: null, enabled: null, mainPid: null, note: `systemctl: ${line}` };
  }
  const props = Object.fromEntries(
    out.stdout
      .trim()
      .split("\n")
      .map((l) => [l.slice(0, l.indexOf("=")), l.slice(l.indexOf("=") + 1)]),
  ) as Record<string, string>;
  const pid = Number(props.MainPID);
  return {
    active: props.ActiveState || null,
    enabled: props.UnitFileState || null,
    mainPid: Number.isInteger(pid) && pid > 0 ? pid : null,
    note: props.UnitFileState === "" && props.ActiveState === "inactive" ? "no such unit installed" : null,
  };
}
