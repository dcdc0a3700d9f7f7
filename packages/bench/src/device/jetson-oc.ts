import type { ThrottleSignal } from "@edgeseg/protocol";
import { listDir, readText } from "./read-text.ts";
import { readSysfsInt } from "./sysfs.ts";

export const JETSON_OC_SOURCE = "Jetson soctherm_oc event counters";

/** The events the Orin's SOC_THERM counts and throttles on (NVIDIA, Platform Power and Performance). */
const EVENTS = {
  oc1: "under-voltage",
  oc2: "average over-current",
  oc3: "instantaneous over-current",
} as const;
type Event = keyof typeof EVENTS;

export interface OcEvents {
  hwmon: string;
  counts: Partial<Record<Event, number>>;
}

/**
 * Reads the Jetson Orin's over-current / under-voltage throttling counters,
 * /sys/class/hwmon/hwmon<N>/oc{1,2,3}_event_cnt of the hwmon named "soctherm_oc" (JetPack 5 and 6).
 * Found by name: the hwmon index changes across reboots. null where there is none (every other board,
 * and the Jetson Nano, whose L4T 32 kernel has no such counters).
 */
export function readOcEvents(root: string): OcEvents | null {
  for (const hwmon of listDir(root, "sys/class/hwmon").filter((d) => /^hwmon\d+$/.test(d))) {
    if (readText(root, `sys/class/hwmon/${hwmon}/name`)?.trim() !== "soctherm_oc") continue;
    const counts: OcEvents["counts"] = {};
    for (const event of Object.keys(EVENTS) as Event[]) {
      const n = readSysfsInt(root, `sys/class/hwmon/${hwmon}/${event}_event_cnt`);
      if (n !== null) counts[event] = n;
    }
    if (Object.keys(counts).length > 0) return { hwmon, counts };
  }
  return null;
}

/** Throttling during the run = an event counter that grew between the read before and the read after. */
export function jetsonOcSignal(before: OcEvents | null, after: OcEvents | null): ThrottleSignal {
  if (!before || !after) {
    return {
      source: JETSON_OC_SOURCE,
      measured: false,
      observed: null,
      detail:
        "not available on this device: no soctherm_oc hwmon with oc*_event_cnt (Jetson Orin on JetPack 5 or later only)",
    };
  }
  const grew = (Object.keys(EVENTS) as Event[]).map((e) => ({
    e,
    delta: (after.counts[e] ?? 0) - (before.counts[e] ?? 0),
  }));
  return {
    source: JETSON_OC_SOURCE,
    measured: true,
    observed: grew.some((g) => g.delta > 0),
    detail: `${grew.map((g) => `${g.e} ${EVENTS[g.e]} +${g.delta}`).join(", ")} during the run`,
  };
}
