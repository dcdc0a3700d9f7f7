/** What /proc/cpuinfo says, normalised across x86 and ARM kernels. */
export interface CpuInfo {
  processors: number;
  /** x86 "model name"; on ARM the kernel prints a generic "ARMv8 Processor rev 1 (v8l)" or nothing. */
  modelName: string | null;
  vendorId: string | null;
  /** ARM "CPU implementer" (0x41 = Arm Ltd), lowercase hex. */
  implementer: string | null;
  /** Distinct ARM "CPU part" values (several on big.LITTLE SoCs), lowercase hex. */
  parts: string[];
  /** ARM "CPU architecture" (7 = ARMv7, 8 = ARMv8). */
  architecture: string | null;
  /** x86 "flags" or ARM "Features". */
  flags: string[];
  /** Raspberry Pi kernels add Hardware, Revision and Model lines to the end of the file. */
  hardware: string | null;
  revision: string | null;
  model: string | null;
}

/** Parses /proc/cpuinfo text: "key<TAB>: value" lines, blank lines between processors. */
export function parseCpuinfo(text: string): CpuInfo {
  const first = new Map<string, string>();
  const parts = new Set<string>();
  let processors = 0;
  for (const line of text.split("\n")) {
    const colon = line.indexOf(":");
    if (colon < 0) continue;
    const rawKey = line.slice(0, colon).trim();
    // x86 has a numeric "model" line; the board name is the Pi kernel's capitalised "Model".
    const key = rawKey === "Model" ? "board model" : rawKey.toLowerCase();
    const value = line.slice(colon + 1).trim();
    if (key === "processor") processors += 1;
    if (key === "cpu part") parts.add(value.toLowerCase());
    if (!first.has(key)) first.set(key, value);
  }
  const get = (key: string) => first.get(key) || null;
  return {
    processors,
    modelName: get("model name"),
    vendorId: get("vendor_id"),
    implementer: get("cpu implementer")?.toLowerCase() ?? null,
    parts: [...parts],
    architecture: get("cpu architecture"),
    flags: (get("flags") ?? get("features") ?? "").split(/\s+/).filter(Boolean),
    hardware: get("hardware"),
    revision: get("revision"),
    model: get("board model"),
  };
}
