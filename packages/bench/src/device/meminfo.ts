/** MemTotal from /proc/meminfo ("MemTotal:  3884300 kB") in MiB; null when absent. */
export function parseMemTotalMb(text: string): number | null {
  const m = /^MemTotal:\s+(\d+)\s*kB/m.exec(text);
  return m ? Math.round(Number(m[1]) / 1024) : null;
}
