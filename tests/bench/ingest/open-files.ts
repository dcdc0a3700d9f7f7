import { readFileSync } from "node:fs";
import { AppError } from "@edgeseg/protocol";

/**
 * Each simulated agent holds one socket in this process and one in the broker (which inherits this
 * limit). Refuses to start when the soft open-files limit cannot hold them, with the fix.
 */
export function checkOpenFiles(agents: number): number {
  const limits = readFileSync("/proc/self/limits", "utf8");
  const m = /^Max open files\s+(\d+|unlimited)/m.exec(limits);
  const soft = m?.[1] === "unlimited" ? Number.POSITIVE_INFINITY : Number(m?.[1] ?? 1024);
  const needed = agents + 512;
  if (soft < needed) {
    throw new AppError(
      "RUNTIME",
      `open-files limit is ${soft}; ${agents} agents need about ${needed}: run \`ulimit -n ${Math.max(4096, 2 ** Math.ceil(Math.log2(needed)))}\` in this shell first`,
    );
  }
  return soft;
}
