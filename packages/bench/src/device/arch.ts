import type { CpuInfo } from "./cpuinfo.ts";

/**
 * Node's architecture name (process.arch vocabulary) as implied by a recorded /proc/cpuinfo.
 * On the live machine process.arch is used instead: it is the userland's architecture, which decides
 * whether onnxruntime-node has a binary (a 32-bit Raspberry Pi OS on a 64-bit kernel reports "arm").
 */
export function archFromCpuinfo(cpu: CpuInfo): string {
  if (cpu.architecture === "8" || cpu.architecture?.toLowerCase() === "aarch64") return "arm64";
  if (cpu.architecture !== null) return "arm";
  if (cpu.flags.length > 0) return cpu.flags.includes("lm") ? "x64" : "ia32";
  return "unknown";
}
