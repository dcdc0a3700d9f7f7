import { resolve } from "node:path";
import { parseArgs } from "node:util";

export const USAGE = `usage: npm run quickstart [-- options]

Starts edgeseg-hub, the dashboard and a local agent on this machine, runs the standard suite on the
agent and keeps everything running until Ctrl-C. Re-runs reuse the data directory.

  --data-dir <dir>        state: hub database, agent, logs (EDGESEG_QUICKSTART_DIR; default ./.edgeseg)
  --dashboard-port <n>    dashboard (EDGESEG_DASHBOARD_PORT; default 3000)
  --http-port <n>         hub HTTP: enrolment, artifacts (EDGESEG_HTTP_PORT; default 8080)
  --mqtt-port <n>         hub MQTT broker (EDGESEG_MQTT_PORT; default 1883)
  --no-wait               print the URL as soon as the campaign is queued; results arrive live
  --rerun                 benchmark again although this machine has results from an earlier run
  --no-bench              start the stack only, no campaign
  --reset                 delete the data directory first (new admin, new device, no results)
  --help                  this text
`;

export interface QuickstartArgs {
  root: string;
  ports: { dashboard: number; http: number; mqtt: number };
  wait: boolean;
  benchmark: "always" | "auto" | "never";
  reset: boolean;
  help: boolean;
}

function port(value: string | undefined, fallback: number, flag: string, env: string): number {
  if (value === undefined || value === "") return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 65_535) {
    throw new Error(`${flag} / ${env} must be a port number 1-65535, got ${JSON.stringify(value)}`);
  }
  return n;
}

/** Flags win over the environment, which wins over the defaults. */
export function parseQuickstartArgs(argv: string[], env: NodeJS.ProcessEnv): QuickstartArgs {
  const { values } = parseArgs({
    args: argv,
    options: {
      "data-dir": { type: "string" },
      "dashboard-port": { type: "string" },
      "http-port": { type: "string" },
      "mqtt-port": { type: "string" },
      "no-wait": { type: "boolean", default: false },
      rerun: { type: "boolean", default: false },
      "no-bench": { type: "boolean", default: false },
      reset: { type: "boolean", default: false },
      help: { type: "boolean", default: false },
    },
  });
  return {
    root: resolve(values["data-dir"] ?? env.EDGESEG_QUICKSTART_DIR ?? ".edgeseg"),
    ports: {
      dashboard: port(
        values["dashboard-port"] ?? env.EDGESEG_DASHBOARD_PORT,
        3000,
        "--dashboard-port",
        "EDGESEG_DASHBOARD_PORT",
      ),
      http: port(values["http-port"] ?? env.EDGESEG_HTTP_PORT, 8080, "--http-port", "EDGESEG_HTTP_PORT"),
      mqtt: port(values["mqtt-port"] ?? env.EDGESEG_MQTT_PORT, 1883, "--mqtt-port", "EDGESEG_MQTT_PORT"),
    },
    wait: !values["no-wait"],
    benchmark: values["no-bench"] ? "never" : values.rerun ? "always" : "auto",
    reset: values.reset,
    help: values.help,
  };
}
