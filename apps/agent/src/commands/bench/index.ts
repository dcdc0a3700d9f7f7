import { defaultScenario, loadProfiles } from "@edgeseg/bench";
import { AppError, type ResultDocument } from "@edgeseg/protocol";
import { parseOptions } from "../../cli/options.ts";
import { writeJsonFile } from "../../cli/output.ts";
import {
  type BenchOptions,
  benchOptionsSchema,
  offlineOverride,
  repeatOverrides,
  scenarioOverrides,
} from "./options.ts";
import { runOne } from "./run-one.ts";
import {
  budgetNotes,
  organTable,
  promptableTable,
  repeatsTable,
  stabilityNotes,
  summaryTable,
  validityNotes,
} from "./table.ts";

export async function benchCommand(raw: unknown): Promise<void> {
  const opts = parseOptions(benchOptionsSchema, raw);
  if (opts.suite) {
    const { runSuite } = await import("./suite.ts");
    return report(await runSuite(opts), opts, true);
  }
  const doc = await runOne(opts, {
    manifestPath: opts.model!,
    datasetDir: opts.dataset!,
    scenario: {
      ...scenarioOverrides(opts, defaultScenario.singleStream),
      ...offlineOverride(opts, defaultScenario.offline),
      ...repeatOverrides(opts, defaultScenario.repeats, defaultScenario.repeats),
      maxCases: opts.maxCases ?? null,
    },
  });
  await report([doc], opts, false);
}

async function report(docs: ResultDocument[], opts: BenchOptions, asArray: boolean): Promise<void> {
  if (opts.json) await writeJsonFile(opts.json, asArray ? docs : docs[0]);
  const first = docs[0];
  if (first) {
    process.stdout.write(
      `device: ${first.device.deviceClass.name} — ${first.device.cpuModel}, ${first.device.cores} cores\n`,
    );
    process.stdout.write(`backend: ${first.runtime.backend} — ${first.runtime.backendReason}\n`);
  }
  process.stdout.write(`${summaryTable(docs)}\n${organTable(docs)}\n`);
  const promptable = promptableTable(docs);
  if (promptable) process.stdout.write(`${promptable}\n`);
  const repeats = repeatsTable(docs);
  if (repeats) process.stdout.write(`${repeats}\n`);
  for (const note of [...validityNotes(docs), ...stabilityNotes(docs)]) process.stdout.write(`  ! ${note}\n`);
  for (const note of budgetNotes(docs, await loadProfiles())) process.stdout.write(`  budget: ${note}\n`);
  if (opts.json)
    process.stdout.write(`result document${docs.length > 1 ? "s" : ""} written to ${opts.json}\n`);
  const failed = docs.filter((d) => d.status === "failed");
  if (failed.length > 0) {
    throw new AppError(
      "RUN_FAILED",
      failed.map((d) => `${d.model.id} failed (${d.failure?.reason}): ${d.failure?.message}`).join("; "),
    );
  }
  // A completed run that broke a measurement rule is kept (and written to --json), but a script must
  // not publish it by mistake: exit 10, the reasons on stderr.
  const invalid = docs.filter((d) => d.validity.verdict === "INVALID");
  if (invalid.length > 0) {
    throw new AppError(
      "RUN_INVALID",
      `${invalid.map((d) => `${d.model.id} is INVALID (${d.validity.reasons.length} reason${d.validity.reasons.length === 1 ? "" : "s"}, listed above with "!")`).join("; ")}` +
        `${opts.json ? `; the result is kept in ${opts.json}` : ""}; rankings use VALID results only`,
    );
  }
}
