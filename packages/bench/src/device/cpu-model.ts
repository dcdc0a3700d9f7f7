import { armPartName } from "./arm-parts.ts";
import type { CpuInfo } from "./cpuinfo.ts";

/**
 * A human CPU name. ARM kernels print either nothing or a generic "ARMv8 Processor rev 1 (v8l)", so
 * the part numbers are named instead (an RK3588 reads "ARM Cortex-A55 + Cortex-A76").
 */
export function describeCpuModel(cpu: CpuInfo): string {
  const named = cpu.parts.map((p) => armPartName(cpu.implementer, p)).filter((n) => n !== null);
  const generic = !cpu.modelName || /^ARMv\d+ Processor/i.test(cpu.modelName);
  if (named.length > 0 && generic) return `ARM ${named.join(" + ")}`;
  if (cpu.modelName) return cpu.modelName.replace(/\s+/g, " ");
  if (cpu.parts.length > 0) return `ARM implementer ${cpu.implementer ?? "?"} part ${cpu.parts.join(" + ")}`;
  return "unknown";
}
