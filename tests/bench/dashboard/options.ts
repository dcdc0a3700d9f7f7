import { parseArgs } from "node:util";
import { z } from "zod";

const count = (name: string, min: number, max: number) =>
  z.coerce
    .number()
    .int(`${name} must be a whole number`)
    .min(min, `${name} must be at least ${min}`)
    .max(max, `${name} must be at most ${max}`);

const schema = z.object({
  results: count("--results", 1000, 5_000_000).default(1_000_000),
  devices: count("--devices", 20, 20_000).default(500),
  days: count("--days", 7, 3650).default(180),
  telemetryDays: count("--telemetry-days", 0, 90).default(14),
  cases: count("--cases", 0, 50).default(0),
  seed: count("--seed", 0, 2 ** 32 - 1).default(1),
  requests: count("--requests", 3, 10_000).default(50),
  warmup: count("--warmup", 1, 100).default(5),
  pageSeconds: count("--page-seconds", 5, 3600).default(60),
  reps: count("--reps", 1, 100).default(7),
  build: z.boolean().default(true),
  profile: z.boolean().default(true),
  keep: z.boolean().default(false),
});

export type DashboardBenchOptions = z.infer<typeof schema>;

export const usage = `npm run bench:dashboard -- [--results 1000000] [--devices 500] [--days 180] [--telemetry-days 14]
    [--cases 0 (per-case entries per result document)] [--seed 1] [--requests 50] [--warmup 5]
    [--page-seconds 60 (time cap per page)] [--reps 7 (profile repetitions)] [--no-build] [--no-profile]
    [--keep (leave the temp dir with the database)]`;

/** Command-line flags, validated; a bad value stops the run naming the flag. */
export function parseOptions(argv: string[]): DashboardBenchOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      results: { type: "string" },
      devices: { type: "string" },
      days: { type: "string" },
      "telemetry-days": { type: "string" },
      cases: { type: "string" },
      seed: { type: "string" },
      requests: { type: "string" },
      warmup: { type: "string" },
      "page-seconds": { type: "string" },
      reps: { type: "string" },
      "no-build": { type: "boolean" },
      "no-profile": { type: "boolean" },
      keep: { type: "boolean" },
      help: { type: "boolean" },
    },
  });
  if (values.help) {
    console.log(usage);
    process.exit(0);
  }
  const parsed = schema.safeParse({
    results: values.results,
    devices: values.devices,
    days: values.days,
    telemetryDays: values["telemetry-days"],
    cases: values.cases,
    seed: values.seed,
    requests: values.requests,
    warmup: values.warmup,
    pageSeconds: values["page-seconds"],
    reps: values.reps,
    build: !values["no-build"],
    profile: !values["no-profile"],
    keep: values.keep ?? false,
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    console.error(`bench:dashboard: ${issue.message}\n${usage}`);
    process.exit(2);
  }
  return parsed.data;
}
