import { AppError } from "@edgeseg/protocol";
import { withDb } from "../cli/open-db.ts";
import { verifyStoredResults } from "../ingest/verify-stored.ts";

const date = (flag: string, value: string | undefined) => {
  if (value === undefined) return undefined;
  const d = new Date(value);
  if (Number.isNaN(d.getTime()))
    throw new AppError(
      "USAGE",
      `${flag}: "${value}" is not a date; use ISO 8601, e.g. 2026-12-01 or 2026-12-01T08:00:00Z`,
    );
  return d;
};

/**
 * `edgeseg-hub verify`: re-checks stored results' signatures and prints the counts. Exits with the
 * INTEGRITY code when any fails, so a cron job or a script notices.
 */
export async function verifyCommand(opts: {
  dataDir?: string;
  since?: string;
  until?: string;
  device?: string;
  json?: boolean;
}) {
  const range = {
    since: date("--since", opts.since),
    until: date("--until", opts.until),
    deviceId: opts.device,
  };
  const outcome = await withDb(opts.dataDir, (db) => verifyStoredResults(db, range));
  if (opts.json) process.stdout.write(`${JSON.stringify(outcome)}\n`);
  else {
    const { checked, verified, failed, unsigned } = outcome;
    const lines = [`checked ${checked}: verified ${verified}, failed ${failed}, unsigned ${unsigned}`];
    for (const f of outcome.failures)
      lines.push(`  FAILED ${f.resultId} (device ${f.deviceId}): ${f.reason}`);
    if (failed > outcome.failures.length) lines.push(`  … and ${failed - outcome.failures.length} more`);
    process.stdout.write(`${lines.join("\n")}\n`);
  }
  if (outcome.failed > 0) {
    throw new AppError(
      "INTEGRITY",
      `${outcome.failed} of ${outcome.checked} stored results failed signature verification`,
    );
  }
}
