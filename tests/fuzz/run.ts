/**
 * `npm run fuzz` — feeds edgeseg's parsers and the hub seeded malformed inputs and counts what each
 * did: clean refusal, accepted, crash, hang (timeout), memory over a bound. See docs/security.md.
 *
 *   npm run fuzz -- [--seed N] [--count N] [--family nifti,mqtt] [--time S] [--json file]
 */
import { writeFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { stopAll } from "../support/process.ts";
import { FAMILIES } from "./families/index.ts";
import { formatTable, isBad } from "./outcomes.ts";
import { runFamilies } from "./run-families.ts";

const { values } = parseArgs({
  options: {
    seed: { type: "string", default: "1" },
    count: { type: "string", default: "1000" },
    family: { type: "string", default: FAMILIES.map((f) => f.name).join(",") },
    time: { type: "string", default: "600" },
    timeout: { type: "string", default: "10000" },
    "memory-mb": { type: "string", default: "512" },
    json: { type: "string" },
    verbose: { type: "boolean", default: false },
    help: { type: "boolean", default: false },
  },
});

const usage = `usage: npm run fuzz -- [--seed N] [--count N per family] [--family ${FAMILIES.map((f) => f.name).join(",")}] [--time seconds per family] [--timeout ms per input] [--memory-mb bound] [--json file] [--verbose]`;
if (values.help) {
  process.stdout.write(`${usage}\n`);
  process.exit(0);
}
const int = (flag: string, raw: string, min: number) => {
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min) {
    process.stderr.write(`fuzz: --${flag} ${raw} must be an integer ≥ ${min}\n${usage}\n`);
    process.exit(2);
  }
  return n;
};
const names = values.family.split(",").filter(Boolean);
const unknown = names.filter((n) => !FAMILIES.some((f) => f.name === n));
if (unknown.length > 0) {
  process.stderr.write(
    `fuzz: unknown family ${unknown.join(", ")}; choose from ${FAMILIES.map((f) => f.name).join(", ")}\n`,
  );
  process.exit(2);
}
const options = {
  seed: int("seed", values.seed, 0),
  count: int("count", values.count, 1),
  timeS: int("time", values.time, 1),
  timeoutMs: int("timeout", values.timeout, 100),
  memoryBoundMb: int("memory-mb", values["memory-mb"], 64),
  verbose: values.verbose,
  log: (line: string) => process.stderr.write(`${line}\n`),
};
// Ctrl-C stops the hubs a family started (they run in their own process groups).
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => void stopAll().finally(() => process.exit(130)));
}
const reports = await runFamilies(
  FAMILIES.filter((f) => names.includes(f.name)),
  options,
);
process.stdout.write(
  `seed ${options.seed}, up to ${options.count} inputs and ${options.timeS} s per family, ` +
    `${options.timeoutMs} ms per input, memory bound ${options.memoryBoundMb} MiB\n\n${formatTable(reports)}\n`,
);
for (const r of reports) {
  for (const f of r.findings.filter((x) => x.outcome !== "refused" && x.outcome !== "accepted")) {
    process.stdout.write(
      `\n${f.family} #${f.index} ${f.outcome}: ${f.input}\n  ${f.detail.split("\n").slice(0, 3).join("\n  ")}\n`,
    );
  }
}
if (values.json)
  await writeFile(
    values.json,
    `${JSON.stringify({ options: { ...options, log: undefined }, reports }, null, 2)}\n`,
  );
process.exit(reports.some(isBad) ? 1 : 0);
