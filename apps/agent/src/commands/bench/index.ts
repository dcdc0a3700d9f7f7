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
}
