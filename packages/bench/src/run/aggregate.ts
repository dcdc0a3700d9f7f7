import type { CaseResult } from "@edgeseg/protocol";

export interface OrganAggregate {
  n: number;
  meanDice: number;
  meanNsd: number;
  meanHd95: number | null;
}

const mean = (values: number[]): number => values.reduce((a, b) => a + b, 0) / values.length;

/**
 * Per-organ means over cases, as the MedSAM challenges report them: every case where the ground truth
 * has the organ counts for DSC and NSD; HD95 is averaged over the cases where it is finite.
 */
export function aggregateOrgans(cases: readonly CaseResult[]): Record<string, OrganAggregate> {
  const byOrgan = new Map<string, { dice: number[]; nsd: number[]; hd95: number[] }>();
  for (const c of cases) {
    for (const [organ, m] of Object.entries(c.organs)) {
      const entry = byOrgan.get(organ) ?? { dice: [], nsd: [], hd95: [] };
      entry.dice.push(m.dice);
      entry.nsd.push(m.nsd);
      if (m.hd95 !== null) entry.hd95.push(m.hd95);
      byOrgan.set(organ, entry);
    }
  }
  const out: Record<string, OrganAggregate> = {};
  for (const [organ, e] of [...byOrgan].sort(([a], [b]) => a.localeCompare(b))) {
    out[organ] = {
      n: e.dice.length,
      meanDice: mean(e.dice),
      meanNsd: mean(e.nsd),
      meanHd95: e.hd95.length > 0 ? mean(e.hd95) : null,
    };
  }
  return out;
}

/** Mean over organs of the per-organ means (each organ weighs the same, however often it appears). */
export function overallMeans(organs: Record<string, OrganAggregate>): {
  meanDice: number | null;
  meanNsd: number | null;
} {
  const values = Object.values(organs);
  if (values.length === 0) return { meanDice: null, meanNsd: null };
  return { meanDice: mean(values.map((o) => o.meanDice)), meanNsd: mean(values.map((o) => o.meanNsd)) };
}

/** Per-case end-to-end wall time summary (the MedSAM-on-Laptop challenge's per-case running time). */
export function perCaseSummary(totalsMs: readonly number[]): {
  count: number;
  meanMs: number;
  p50Ms: number;
  maxMs: number;
} {
  if (totalsMs.length === 0) return { count: 0, meanMs: 0, p50Ms: 0, maxMs: 0 };
  const sorted = [...totalsMs].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const p50 = sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return { count: sorted.length, meanMs: mean(sorted), p50Ms: p50, maxMs: sorted[sorted.length - 1]! };
}
