import { known } from "./format.ts";
import type { ModelRunSummary } from "./summary.ts";

/** What the ranking order reads from a ranked entry. */
export interface Keyed {
  summary: ModelRunSummary;
  score: number | null;
  hardFailures: readonly string[];
}

/** Everything that orders models except their names: equal here means a shared rank. */
export function compareKeys(a: Keyed, b: Keyed): number {
  return (
    Number(a.hardFailures.length > 0) - Number(b.hardFailures.length > 0) ||
    ascendingNullsLast(negated(scoreKey(a.score)), negated(scoreKey(b.score))) ||
    ascendingNullsLast(known(a.summary.perCaseMeanMs), known(b.summary.perCaseMeanMs)) ||
    ascendingNullsLast(known(a.summary.peakRssMb), known(b.summary.peakRssMb))
  );
}

/** Scores compared at 1e-9: the same numbers summed in another order must not split a tie. */
function scoreKey(score: number | null): number | null {
  return score === null ? null : Math.round(score * 1e9);
}

function negated(value: number | null): number | null {
  return value === null ? null : -value;
}

function ascendingNullsLast(a: number | null, b: number | null): number {
  if (a === null || b === null) return Number(a === null) - Number(b === null);
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Code-unit order, not locale order, so the ranking is the same on every machine. */
export function compareNames(a: ModelRunSummary, b: ModelRunSummary): number {
  const keys = (s: ModelRunSummary) => [s.model.id, s.model.version, s.resultId ?? ""];
  const [x, y] = [keys(a), keys(b)];
  for (let i = 0; i < x.length; i++) {
    const [p, q] = [x[i] ?? "", y[i] ?? ""];
    if (p !== q) return p < q ? -1 : 1;
  }
  return 0;
}
