import { listDir } from "../read-text.ts";
import { type FileReader, readFileUtf8, readSysfs, readSysfsInt } from "../sysfs.ts";
import type { EnergyProbe } from "./types.ts";

const DRIVERS = "sys/bus/i2c/drivers";

/** The rail that feeds the whole module: Orin's VDD_IN (hwmon), the Nano's POM_5V_IN (L4T 32 iio). */
const INPUT_RAIL = /^(VDD_IN|POM_5V_IN)$/;

export interface InaRail {
  label: string;
  /** Bus voltage file (mV) and current file (mA), relative to root. */
  voltagePath: string;
  currentPath: string;
}

/**
 * The labelled channels of every INA3221 on the I²C bus. Two layouts exist: the mainline hwmon driver
 * (Orin, JetPack 5/6: …/ina3221/<bus-addr>/hwmon/hwmon<N>/in<k>_label, in<k>_input, curr<k>_input)
 * and NVIDIA's iio driver (Nano, L4T 32: …/ina3221x/<bus-addr>/iio:device<N>/rail_name_<k>,
 * in_voltage<k>_input, in_current<k>_input). The hwmon index changes across reboots on Orin, so rails
 * are found by label under the driver, never by a fixed /sys/class/hwmon/hwmon<N> path.
 */
export function findInaRails(root: string, read: FileReader = readFileUtf8): InaRail[] {
  const rails: InaRail[] = [];
  for (const driver of listDir(root, DRIVERS).filter((d) => d.startsWith("ina3221"))) {
    for (const dev of listDir(root, `${DRIVERS}/${driver}`).filter((d) => /^\d+-[0-9a-f]{4}$/.test(d))) {
      const base = `${DRIVERS}/${driver}/${dev}`;
      for (const hw of listDir(root, `${base}/hwmon`).filter((d) => /^hwmon\d+$/.test(d))) {
        const dir = `${base}/hwmon/${hw}`;
        for (const k of [1, 2, 3]) {
          const label = readSysfs(root, `${dir}/in${k}_label`, read);
          if (label.ok && label.text !== "")
            rails.push({
              label: label.text,
              voltagePath: `${dir}/in${k}_input`,
              currentPath: `${dir}/curr${k}_input`,
            });
        }
      }
      for (const iio of listDir(root, base).filter((d) => /^iio:device\d+$/.test(d))) {
        const dir = `${base}/${iio}`;
        for (const k of [0, 1, 2]) {
          const label = readSysfs(root, `${dir}/rail_name_${k}`, read);
          if (label.ok && label.text !== "")
            rails.push({
              label: label.text,
              voltagePath: `${dir}/in_voltage${k}_input`,
              currentPath: `${dir}/in_current${k}_input`,
            });
        }
      }
    }
  }
  return rails;
}

/** Watts on a rail now: bus voltage (mV) × current (mA); null when either cannot be read. */
export function railWatts(root: string, rail: InaRail, read: FileReader = readFileUtf8): number | null {
  const mv = readSysfsInt(root, rail.voltagePath, read);
  const ma = readSysfsInt(root, rail.currentPath, read);
  return mv === null || ma === null ? null : (mv * ma) / 1e6;
}

/**
 * The Jetson module's power: its input rail where one is labelled (it includes every other rail),
 * otherwise the sum of the labelled rails (a carrier board without an input channel: the name says so).
 */
export function probeIna3221(root: string, read: FileReader = readFileUtf8): EnergyProbe | null {
  const rails = findInaRails(root, read);
  if (rails.length === 0) return null;
  const input = rails.find((r) => INPUT_RAIL.test(r.label));
  const used = input ? [input] : rails;
  const name = input ? `INA3221 ${input.label}` : `INA3221 sum of ${used.map((r) => r.label).join(" + ")}`;
  const first = used.map((r) => railWatts(root, r, read));
  if (first.some((w) => w === null)) {
    return {
      available: false,
      source: name,
      reason: `${used.map((r) => `${r.voltagePath}, ${r.currentPath}`).join("; ")} could not be read as numbers by this user`,
    };
  }
  let lastW = first.reduce((a, b) => a! + b!, 0)!;
  return {
    available: true,
    source: {
      name: name.slice(0, 200),
      minIntervalMs: 0,
      async read() {
        const now = used.map((r) => railWatts(root, r, read));
        // A failed read repeats the last power rather than inventing a zero.
        if (now.every((w) => w !== null)) lastW = now.reduce((a, b) => a! + b!, 0)!;
        return { kind: "power", watts: lastW };
      },
    },
  };
}
