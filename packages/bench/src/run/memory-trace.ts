import { appendFileSync, readFileSync } from "node:fs";

/**
 * With EDGESEG_MEMORY_TRACE=<file>, the benchmark child appends one JSON line per phase boundary:
 * resident memory (VmRSS, VmHWM from /proc/self/status) and V8's view (heap used, external,
 * ArrayBuffers), in MiB. For finding where a run's peak goes (npm run bench:overhead:memory); off by
 * default, and then it costs one environment lookup per call.
 */
export function traceMemory(step: string): void {
  const file = process.env.EDGESEG_MEMORY_TRACE;
  if (!file) return;
  const mib = (n: number) => Math.round((n / 2 ** 20) * 10) / 10;
  const m = process.memoryUsage();
  let status = "";
  try {
    status = readFileSync("/proc/self/status", "utf8");
  } catch {
    // Not Linux: V8's figures only.
  }
  const kb = (key: string) => {
    const hit = new RegExp(`^${key}:\\s+(\\d+) kB`, "m").exec(status);
    return hit ? Math.round((Number(hit[1]) / 1024) * 10) / 10 : null;
  };
  const line = {
    step,
    vmRssMb: kb("VmRSS"),
    vmHwmMb: kb("VmHWM"),
    heapUsedMb: mib(m.heapUsed),
    heapTotalMb: mib(m.heapTotal),
    externalMb: mib(m.external),
    arrayBuffersMb: mib(m.arrayBuffers),
  };
  appendFileSync(file, `${JSON.stringify(line)}\n`);
}
