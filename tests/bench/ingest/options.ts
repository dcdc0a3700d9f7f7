import { parseArgs } from "node:util";
import { AppError } from "@edgeseg/protocol";
import { z } from "zod";

const positiveInt = (max: number) =>
  z.coerce
    .number()
    .int("must be a whole number")
    .min(1, "must be at least 1")
    .max(max, `must be at most ${max}`);

const schema = z.object({
  agents: positiveInt(20_000).default(1000),
  seconds: positiveInt(600).default(15),
  telemetryMs: positiveInt(3_600_000).default(1000),
  resultMs: positiveInt(3_600_000).default(10_000),
  idleSeconds: z.coerce.number().int().min(0).max(600).default(20),
  hubLogLevel: z.enum(["fatal", "error", "warn", "info", "debug"]).default("info"),
  mosquitto: z.boolean().default(true),
  /** The hub's database: its own SQLite file, or a throw-away PostgreSQL 15 server started for the run. */
  database: z.enum(["sqlite", "postgres"], { error: "must be sqlite or postgres" }).default("sqlite"),
  hubs: positiveInt(16).default(1),
  /** Each hub's --ingest-connections (several hubs only); unset: the hub's default. */
  ingestConnections: positiveInt(256).optional(),
  /** An unpacked release bundle (npm run build:agent) whose agent.mjs the idle footprint runs. */
  idleBundle: z.string().min(1).optional(),
  /** A directory for a V8 CPU profile of each hub process (node --cpu-prof), written when it stops. */
  hubCpuProf: z.string().min(1).optional(),
});

export type BenchOptions = z.infer<typeof schema>;

export const usage = `npm run bench:ingest -- [--agents N=1000] [--seconds S=15] [--telemetry-ms 1000] [--result-ms 10000]
                     [--database sqlite|postgres] [--hubs 1 (2+ needs --database postgres)]
                     [--ingest-connections N (each hub's, with --hubs 2+; default: the hub's 64)]
                     [--idle-seconds 20 (0 = skip)] [--hub-log-level info] [--no-mosquitto]
                     [--idle-bundle <unpacked release bundle dir> (default: the TypeScript source)]
                     [--hub-cpu-prof <dir> (a V8 CPU profile of each hub process)]`;

/** Command-line flags, validated; a bad value stops the run naming the flag. */
export function parseOptions(argv: string[]): BenchOptions {
  let values: ReturnType<typeof parseFlags>;
  try {
    values = parseFlags(argv);
  } catch (error) {
    throw new AppError("USAGE", `${(error as Error).message}\nusage: ${usage}`);
  }
  if (values.help) {
    console.log(usage);
    process.exit(0);
  }
  const parsed = schema.safeParse({
    agents: values.agents,
    seconds: values.seconds,
    telemetryMs: values["telemetry-ms"],
    resultMs: values["result-ms"],
    idleSeconds: values["idle-seconds"],
    hubLogLevel: values["hub-log-level"],
    mosquitto: !values["no-mosquitto"],
    idleBundle: values["idle-bundle"],
    database: values.database,
    hubs: values.hubs,
    ingestConnections: values["ingest-connections"],
    hubCpuProf: values["hub-cpu-prof"],
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const flag = `--${String(issue.path[0]).replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
    throw new AppError("USAGE", `${flag}: ${issue.message}\nusage: ${usage}`);
  }
  if (parsed.data.hubs > 1 && parsed.data.database !== "postgres") {
    throw new AppError(
      "USAGE",
      `--hubs ${parsed.data.hubs}: several hubs share one PostgreSQL database (and one Mosquitto); add --database postgres`,
    );
  }
  if (parsed.data.ingestConnections !== undefined && parsed.data.hubs < 2) {
    throw new AppError(
      "USAGE",
      "--ingest-connections: only hubs sharing an external broker open several; add --hubs 2 --database postgres",
    );
  }
  return parsed.data;
}

function parseFlags(argv: string[]) {
  return parseArgs({
    args: argv,
    options: {
      agents: { type: "string" },
      seconds: { type: "string" },
      "telemetry-ms": { type: "string" },
      "result-ms": { type: "string" },
      "idle-seconds": { type: "string" },
      "hub-log-level": { type: "string" },
      "no-mosquitto": { type: "boolean" },
      "idle-bundle": { type: "string" },
      database: { type: "string" },
      hubs: { type: "string" },
      "ingest-connections": { type: "string" },
      "hub-cpu-prof": { type: "string" },
      help: { type: "boolean" },
    },
  }).values;
}
