import si from "systeminformation";
import type { DeviceInfoRaw } from "./types.ts";
import { onnxruntimeVersion } from "./versions.ts";

/**
 * The live machine described through systeminformation, for hosts without /proc (a developer's macOS
 * or Windows machine). Agents on Linux boards use the file-based path, which tests cover on recorded trees.
 */
export async function collectWithSysteminformation(): Promise<DeviceInfoRaw> {
  const [cpu, mem, os, system] = await Promise.all([si.cpu(), si.mem(), si.osInfo(), si.system()]);
  const board = [system.manufacturer, system.model].filter((s) => s && !/^(default string|-)$/i.test(s));
  return {
    cpuModel: `${cpu.manufacturer} ${cpu.brand}`.trim().slice(0, 200) || "unknown",
    cores: cpu.cores || 1,
    arch: process.arch,
    platform: process.platform,
    ramMb: Math.round(mem.total / 1024 / 1024),
    os: `${os.distro} ${os.release}`.trim().slice(0, 200) || "unknown",
    kernel: os.kernel.slice(0, 200) || "unknown",
    nodeVersion: process.versions.node,
    onnxruntimeVersion: onnxruntimeVersion(),
    boardModel: board.length > 0 ? board.join(" ").slice(0, 200) : null,
    cpu: {
      vendorId: cpu.vendor || null,
      implementer: null,
      parts: [],
      flags: cpu.flags.split(/\s+/).filter(Boolean),
      hardware: null,
      revision: null,
    },
    source: "systeminformation",
  };
}
