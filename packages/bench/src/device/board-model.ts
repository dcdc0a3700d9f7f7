import type { CpuInfo } from "./cpuinfo.ts";
import { readDmiModel } from "./dmi.ts";
import { readText } from "./read-text.ts";

/**
 * The board's name, from the first source that has one: the device tree (ARM boards; both paths,
 * since /proc/device-tree is a symlink some containers do not expose), DMI (x86), then the Model line
 * Raspberry Pi kernels append to /proc/cpuinfo (still visible in containers that mask /sys/firmware).
 */
export function readBoardModel(root: string, cpu: CpuInfo): string | null {
  for (const path of ["proc/device-tree/model", "sys/firmware/devicetree/base/model"]) {
    const model = readText(root, path)?.trim();
    if (model) return model;
  }
  return readDmiModel(root) ?? cpu.model;
}
