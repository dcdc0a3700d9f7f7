import { availableParallelism } from "node:os";
import { archFromCpuinfo } from "./arch.ts";
import { readBoardModel } from "./board-model.ts";
import { describeCpuModel } from "./cpu-model.ts";
import { parseCpuinfo } from "./cpuinfo.ts";
import { parseMemTotalMb } from "./meminfo.ts";
import { parseOsRelease } from "./os-release.ts";
import { readText } from "./read-text.ts";
import type { DeviceInfoRaw } from "./types.ts";
import { onnxruntimeVersion } from "./versions.ts";

export interface CollectOptions {
  /** Filesystem root to read /proc, /sys and /etc from; a recorded fixture tree in tests. */
  root?: string;
  /** Overrides the architecture (defaults: process.arch on "/", else implied by the recorded cpuinfo). */
  arch?: string;
}

/**
 * Describes the device from the files under `root`. The live machine ("/") without a /proc/cpuinfo
 * (macOS, Windows development hosts) is described through systeminformation instead.
 */
export async function collectDeviceInfo(opts: CollectOptions = {}): Promise<DeviceInfoRaw> {
  const root = opts.root ?? "/";
  const live = root === "/";
  const cpuText = readText(root, "proc/cpuinfo");
  if (cpuText === null && live) {
    const { collectWithSysteminformation } = await import("./collect-si.ts");
    return collectWithSysteminformation();
  }
  const cpu = parseCpuinfo(cpuText ?? "");
  const osRelease = readText(root, "etc/os-release") ?? readText(root, "usr/lib/os-release");
  return {
    cpuModel: describeCpuModel(cpu).slice(0, 200),
    cores: cpu.processors || (live ? availableParallelism() : 1),
    arch: opts.arch ?? (live ? process.arch : archFromCpuinfo(cpu)),
    platform: live ? process.platform : "linux",
    ramMb: parseMemTotalMb(readText(root, "proc/meminfo") ?? "") ?? 0,
    os: ((osRelease && parseOsRelease(osRelease)) ?? "unknown").slice(0, 200),
    kernel: (readText(root, "proc/sys/kernel/osrelease")?.trim() || "unknown").slice(0, 200),
    nodeVersion: process.versions.node,
    onnxruntimeVersion: onnxruntimeVersion(),
    boardModel: readBoardModel(root, cpu)?.slice(0, 200) ?? null,
    cpu: {
      vendorId: cpu.vendorId,
      implementer: cpu.implementer,
      parts: cpu.parts,
      flags: cpu.flags,
      hardware: cpu.hardware,
      revision: cpu.revision,
    },
    source: "files",
  };
}
