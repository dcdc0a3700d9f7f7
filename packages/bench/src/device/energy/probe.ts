import { readBoardModel } from "../board-model.ts";
import { parseCpuinfo } from "../cpuinfo.ts";
import { readText } from "../read-text.ts";
import type { FileReader } from "../sysfs.ts";
import { probeIna3221 } from "./ina3221.ts";
import { type CommandRunner, execRunner, probePi5Pmic } from "./pi5-pmic.ts";
import { probeRapl } from "./rapl.ts";
import type { EnergyProbe } from "./types.ts";

export interface EnergyProbeOptions {
  /** Runs vcgencmd (tests replay recorded output). */
  run?: CommandRunner;
  /** Reads sysfs files (tests make energy_uj fail with EACCES as it does for a non-root user). */
  read?: FileReader;
}

/**
 * Finds this device's energy sensor, in order: RAPL (x86), INA3221 (Jetson), the Raspberry Pi 5's
 * PMIC. A device with none gets `available: false` and the reason, which the result document carries.
 */
export async function probeEnergy(root: string, opts: EnergyProbeOptions = {}): Promise<EnergyProbe> {
  const rapl = probeRapl(root, opts.read);
  if (rapl) return rapl;
  const ina = probeIna3221(root, opts.read);
  if (ina) return ina;
  const board = readBoardModel(root, parseCpuinfo(readText(root, "proc/cpuinfo") ?? "")) ?? "";
  if (/Raspberry Pi 5/i.test(board)) return probePi5Pmic(opts.run ?? execRunner);
  if (/Raspberry Pi/i.test(board)) {
    return {
      available: false,
      source: "none",
      reason: `not available on this device: a ${board.replace(/ Rev .*$/, "")} has no current sensor (of the Raspberry Pis only the Pi 5's PMIC reports rail currents); measure at the wall with a USB power meter`,
    };
  }
  return {
    available: false,
    source: "none",
    reason:
      "not available on this device: no RAPL package domain under /sys/class/powercap (x86), no INA3221 under /sys/bus/i2c/drivers (Jetson), not a Raspberry Pi 5",
  };
}
