import { readFileSync } from "node:fs";
import { freemem, totalmem } from "node:os";

/**
 * Memory in use = MemTotal − MemAvailable (Linux Documentation/filesystems/proc.rst): page cache
 * that the kernel can reclaim is not "used". Elsewhere, the operating system's free memory.
 */
export function memoryMb(meminfoPath = "/proc/meminfo"): { usedMb: number; totalMb: number } {
  try {
    const text = readFileSync(meminfoPath, "utf8");
    const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(text)?.[1]);
    const total = kb("MemTotal");
    const available = kb("MemAvailable");
    if (Number.isFinite(total) && Number.isFinite(available) && total > 0) {
      return { usedMb: Math.max(0, total - available) / 1024, totalMb: total / 1024 };
    }
  } catch {
    // not Linux: fall through
  }
  const total = totalmem() / 2 ** 20;
  return { usedMb: Math.min(total, total - freemem() / 2 ** 20), totalMb: total };
}
