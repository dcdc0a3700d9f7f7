/** What one input did. `refused` is a clean refusal: the code's own error (AppError, 4xx, a logged drop). */
export const OUTCOMES = ["refused", "accepted", "crash", "hang", "memory"] as const;
export type Outcome = (typeof OUTCOMES)[number];

export interface Verdict {
  outcome: Outcome;
  /** The refusal message, crash stack line, or what was accepted — kept for the first few of each. */
  detail: string;
}

export interface Finding extends Verdict {
  family: string;
  index: number;
  /** Enough to reproduce: the generator's description of the input. */
  input: string;
}

export interface FamilyReport {
  family: string;
  inputs: number;
  counts: Record<Outcome, number>;
  /** Family-specific figures, e.g. MQTT's impossible values stored. */
  extra: Record<string, number>;
  ms: number;
  /** Every crash, hang and memory blow-up (up to 20), and a few refusals and acceptances as samples. */
  findings: Finding[];
}

export function newReport(family: string): FamilyReport {
  return {
    family,
    inputs: 0,
    counts: { refused: 0, accepted: 0, crash: 0, hang: 0, memory: 0 },
    extra: {},
    ms: 0,
    findings: [],
  };
}

const SAMPLES: Record<Outcome, number> = { refused: 3, accepted: 3, crash: 20, hang: 20, memory: 20 };

export function record(report: FamilyReport, index: number, input: string, verdict: Verdict): void {
  report.inputs++;
  report.counts[verdict.outcome]++;
  const kept = report.findings.filter((f) => f.outcome === verdict.outcome).length;
  if (kept < SAMPLES[verdict.outcome]) {
    report.findings.push({ family: report.family, index, input: input.slice(0, 300), ...verdict });
  }
}

export const isBad = (r: FamilyReport) =>
  r.counts.crash + r.counts.hang + r.counts.memory + (r.extra.impossibleStored ?? 0) > 0;

/** The table docs/security.md carries. */
export function formatTable(reports: FamilyReport[]): string {
  const extraKeys = [...new Set(reports.flatMap((r) => Object.keys(r.extra)))];
  const head = ["family", "inputs", ...OUTCOMES, ...extraKeys, "seconds"];
  const rows = reports.map((r) => [
    r.family,
    String(r.inputs),
    ...OUTCOMES.map((o) => String(r.counts[o])),
    ...extraKeys.map((k) => (k in r.extra ? String(r.extra[k]) : "—")),
    (r.ms / 1000).toFixed(1),
  ]);
  const line = (cells: string[]) => `| ${cells.join(" | ")} |`;
  return [line(head), line(head.map(() => "---")), ...rows.map(line)].join("\n");
}
