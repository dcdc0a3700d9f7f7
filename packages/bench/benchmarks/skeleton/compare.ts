import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

const run = promisify(execFile);
const measureScript = fileURLToPath(new URL("./measure.mjs", import.meta.url));
export const exportScript = fileURLToPath(new URL("./export_random.py", import.meta.url));

export interface Measure {
  loadMs: number;
  p50Ms: number;
  peakRssMb: number;
  finite: boolean;
}

export interface CompareOptions {
  rounds: number;
  queries: number;
  threads: number;
  side: number;
}

/** Exports the random-init U-Net with Debian's python3-torch; returns its parameter count. */
export async function exportRandomUnet(out: string, side: number, width = 32): Promise<number> {
  const { stdout } = await run(
    "/usr/bin/python3",
    [exportScript, "--out", out, "--side", String(side), "--width", String(width)],
    { maxBuffer: 1 << 20 },
  );
  return Number(stdout.trim().split("\n").at(-1));
}

async function measure(model: string, o: CompareOptions): Promise<Measure> {
  const { stdout } = await run(process.execPath, [
    measureScript,
    model,
    String(o.threads),
    String(o.queries),
    String(o.side),
  ]);
  return JSON.parse(stdout) as Measure;
}

/**
 * Original and filled skeleton measured in alternating order (AB, BA, AB, …), each measurement in a
 * fresh process, so drift and noise on a shared machine fall on both alike.
 */
export async function compareInterleaved(
  original: string,
  filled: string,
  o: CompareOptions,
): Promise<{ original: Measure[]; filled: Measure[] }> {
  const out = { original: [] as Measure[], filled: [] as Measure[] };
  for (let r = 0; r < o.rounds; r++) {
    const order = r % 2 === 0 ? (["original", "filled"] as const) : (["filled", "original"] as const);
    for (const which of order) out[which].push(await measure(which === "original" ? original : filled, o));
  }
  return out;
}

export function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}
