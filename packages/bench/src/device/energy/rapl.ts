import { listDir } from "../read-text.ts";
import { type FileReader, readFileUtf8, readSysfs, readSysfsInt } from "../sysfs.ts";
import type { EnergyProbe, EnergySource } from "./types.ts";

const POWERCAP = "sys/class/powercap";

/** What to do when energy_uj is root-only; docs/benchmarking.md gives the same recipe. */
export const RAPL_ACCESS_HINT =
  "RAPL energy_uj is readable by root only since Linux 5.10 (CVE-2020-8694); grant the agent read access, " +
  "e.g. ExecStartPre=+/bin/sh -c 'chmod a+r /sys/class/powercap/intel-rapl:*/energy_uj' in its systemd unit " +
  'or a udev rule ACTION=="add", SUBSYSTEM=="powercap", RUN+="/bin/chmod a+r /sys%p/energy_uj"';

export interface RaplDomain {
  /** The powercap zone, e.g. "intel-rapl:0". */
  zone: string;
  /** Its name file, e.g. "package-0". */
  name: string;
  energyUj: number;
  maxRangeUj: number;
}

export type RaplRead =
  | { ok: true; domains: RaplDomain[] }
  /** Package domains exist but could not be read; `denied` when the kernel refused (EACCES/EPERM). */
  | { ok: false; denied: boolean; reason: string }
  | null;

/**
 * Reads the package domains of Intel RAPL (also AMD since Linux 5.8, same "intel-rapl" powercap
 * control type): top-level zones intel-rapl:<N> whose name is package-<N>. Their sub-zones (core,
 * uncore, dram) are parts of or beside the package and psys already contains it, so summing anything
 * but the packages would count energy twice (Linux Documentation/power/powercap/powercap.rst).
 * null where there is no package domain.
 */
export function readRapl(root: string, read: FileReader = readFileUtf8): RaplRead {
  const zones = listDir(root, POWERCAP)
    .filter((z) => /^intel-rapl:\d+$/.test(z))
    .sort();
  const domains: RaplDomain[] = [];
  for (const zone of zones) {
    const name = readSysfs(root, `${POWERCAP}/${zone}/name`, read);
    if (!name.ok || !name.text.startsWith("package")) continue;
    const energy = readSysfs(root, `${POWERCAP}/${zone}/energy_uj`, read);
    const range = readSysfs(root, `${POWERCAP}/${zone}/max_energy_range_uj`, read);
    const failed = [energy, range].find((r) => !r.ok);
    if (failed && !failed.ok) {
      const denied = failed.code === "EACCES" || failed.code === "EPERM";
      return {
        ok: false,
        denied,
        reason: denied
          ? `${POWERCAP}/${zone}/energy_uj is not readable by this user (${failed.code}). ${RAPL_ACCESS_HINT}`
          : `${POWERCAP}/${zone} could not be read: ${failed.message}`,
      };
    }
    if (!energy.ok || !range.ok) continue;
    if (!/^\d+$/.test(energy.text) || !/^\d+$/.test(range.text)) {
      return {
        ok: false,
        denied: false,
        reason: `${POWERCAP}/${zone}: energy_uj "${energy.text}" / max_energy_range_uj "${range.text}" are not counters`,
      };
    }
    domains.push({ zone, name: name.text, energyUj: Number(energy.text), maxRangeUj: Number(range.text) });
  }
  return domains.length > 0 ? { ok: true, domains } : null;
}

/**
 * Joules between two reads of the same domains. energy_uj wraps to 0 after max_energy_range_uj, so a
 * smaller second value means one wrap (reads far apart enough for two wraps — 262 kJ at a typical
 * range, over 40 minutes at 100 W — do not happen at the sampling interval).
 */
export function raplDeltaJ(before: readonly RaplDomain[], after: readonly RaplDomain[]): number {
  let uj = 0;
  for (const a of after) {
    const b = before.find((d) => d.zone === a.zone);
    if (!b) continue;
    uj += a.energyUj >= b.energyUj ? a.energyUj - b.energyUj : a.energyUj + a.maxRangeUj - b.energyUj;
  }
  return uj / 1e6;
}

/** A RAPL energy source over the package domains, or why RAPL cannot be used here (null: no RAPL). */
export function probeRapl(root: string, read: FileReader = readFileUtf8): EnergyProbe | null {
  const first = readRapl(root, read);
  if (first === null) return null;
  if (!first.ok) return { available: false, source: "RAPL (intel-rapl powercap)", reason: first.reason };
  const name = `RAPL ${first.domains.map((d) => `${d.name} (${d.zone})`).join(" + ")}`;
  let last = first.domains;
  let total = 0;
  const source: EnergySource = {
    name: name.slice(0, 200),
    minIntervalMs: 0,
    async read() {
      // Zones, names and ranges do not change during a run: only the counters are read again.
      const now = last.map((d) => ({
        ...d,
        energyUj: readSysfsInt(root, `${POWERCAP}/${d.zone}/energy_uj`, read),
      }));
      // A read that fails mid-run adds nothing; the next good one carries on from the last good one.
      if (now.every((d) => d.energyUj !== null)) {
        const domains = now as RaplDomain[];
        total += raplDeltaJ(last, domains);
        last = domains;
      }
      return { kind: "energy", joules: total };
    },
  };
  return { available: true, source };
}
