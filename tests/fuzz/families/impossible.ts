/**
 * What a stored result cannot truthfully say: fractions outside [0, 1], negative or disordered
 * latencies, a negative distance, memory beyond any device, a date in the future, a failed run with a
 * VALID verdict, aggregates that disagree with the per-case values they summarise, a row stored under
 * a device that did not send it. Each returns a short reason; an empty list means plausible.
 */
type Doc = Record<string, unknown>;

const num = (v: unknown): number | null => (typeof v === "number" ? v : null);
const get = (o: unknown, ...keys: string[]): unknown =>
  keys.reduce<unknown>((v, k) => (v && typeof v === "object" ? (v as Doc)[k] : undefined), o);

export function impossibleValues(
  row: { deviceId: string; document: string; status: string; verdict: string },
  sender: string,
  now = Date.now(),
): string[] {
  const out: string[] = [];
  const doc = JSON.parse(row.document) as Doc;
  if (row.deviceId !== sender) out.push(`stored under ${row.deviceId}, sent by ${sender}`);
  const fraction = (where: string, v: unknown) => {
    const n = num(v);
    if (n !== null && !(n >= 0 && n <= 1)) out.push(`${where} = ${n}`);
  };
  const nonNegative = (where: string, v: unknown) => {
    const n = num(v);
    if (n !== null && !(n >= 0 && Number.isFinite(n))) out.push(`${where} = ${n}`);
  };
  fraction("accuracy.meanDice", get(doc, "accuracy", "meanDice"));
  fraction("accuracy.meanNsd", get(doc, "accuracy", "meanNsd"));
  const cases = get(doc, "accuracy", "cases");
  const caseDice: number[] = [];
  if (Array.isArray(cases)) {
    for (const [i, c] of cases.entries()) {
      const organs = get(c, "organs");
      if (!organs || typeof organs !== "object") continue;
      for (const [organ, m] of Object.entries(organs as Doc)) {
        fraction(`cases[${i}].${organ}.dice`, get(m, "dice"));
        fraction(`cases[${i}].${organ}.nsd`, get(m, "nsd"));
        nonNegative(`cases[${i}].${organ}.hd95`, get(m, "hd95"));
        const d = num(get(m, "dice"));
        if (d !== null) caseDice.push(d);
      }
      for (const k of ["readMs", "preprocessMs", "inferMs", "postprocessMs", "totalMs"]) {
        nonNegative(`cases[${i}].timing.${k}`, get(c, "timing", k));
      }
    }
  }
  const meanDice = num(get(doc, "accuracy", "meanDice"));
  if (meanDice !== null && caseDice.length > 0) {
    const lo = Math.min(...caseDice);
    const hi = Math.max(...caseDice);
    if (meanDice < lo - 1e-6 || meanDice > hi + 1e-6) {
      out.push(`meanDice ${meanDice} outside the per-case range [${lo}, ${hi}]`);
    }
  }
  const ss = get(doc, "timing", "singleStream");
  const p = ["min", "p50", "p90", "p99", "max"].map((k) => num(get(ss, k)));
  for (const [i, k] of ["min", "p50", "p90", "p99", "max"].entries()) nonNegative(`singleStream.${k}`, p[i]);
  for (let i = 0; i + 1 < p.length; i++) {
    if (p[i] !== null && p[i + 1] !== null && p[i]! > p[i + 1]!) {
      out.push(
        `singleStream ${["min", "p50", "p90", "p99"][i]} ${p[i]} > ${["p50", "p90", "p99", "max"][i]} ${p[i + 1]}`,
      );
    }
  }
  nonNegative("timing.perCase.meanMs", get(doc, "timing", "perCase", "meanMs"));
  nonNegative("timing.sessionCreateMs", get(doc, "timing", "sessionCreateMs"));
  const peak = num(get(doc, "resources", "peakRssMb"));
  if (peak !== null && !(peak >= 0 && peak <= 1024 * 1024)) out.push(`resources.peakRssMb = ${peak}`);
  const created = Date.parse(String(get(doc, "createdAt")));
  if (created > now + 24 * 3600 * 1000)
    out.push(`createdAt ${String(get(doc, "createdAt"))} is in the future`);
  if (row.status === "failed" && row.verdict === "VALID") out.push("status failed with verdict VALID");
  return out;
}
