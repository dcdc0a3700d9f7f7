import { relative } from "node:path";
import { parseQuickstartArgs, USAGE } from "./stack/quickstart-options.ts";
import { type Stack, startStack } from "./stack/stack.ts";

/**
 * `npm run quickstart`: hub + dashboard + a local agent on this machine, the standard suite run on
 * it, then everything kept running until Ctrl-C. Children log to files in the data directory; the
 * terminal gets a summary.
 */
async function main(): Promise<void> {
  const args = parseQuickstartArgs(process.argv.slice(2), process.env);
  if (args.help) {
    process.stdout.write(USAGE);
    return;
  }
  const began = Date.now();
  const say = (line: string) => process.stdout.write(`${line}\n`);
  say(`edgeseg quick start — state in ${args.root}`);

  let stack: Stack | null = null;
  let stopping = false;
  let firstSignalAt = 0;
  const starting = new AbortController();
  const stop = (signal: NodeJS.Signals) => {
    // npm and tsx pass the terminal's Ctrl-C on as well: signals in the first second count as one.
    if (stopping) {
      if (Date.now() - firstSignalAt > 1000) {
        say("stopping at once");
        process.exit(130);
      }
      return;
    }
    stopping = true;
    firstSignalAt = Date.now();
    say(`\n${signal}: stopping the agent, the dashboard and the hub … (again to force)`);
    // While starting, the abort makes startStack stop what it started and reject (handled below).
    if (!stack) return starting.abort(new Error(signal));
    void stack.close().then(() => {
      say("stopped");
      process.exit(0);
    });
  };
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.on(signal, stop);

  try {
    stack = await startStack({
      root: args.root,
      ports: args.ports,
      portHints: {
        dashboard: "--dashboard-port <n> (or EDGESEG_DASHBOARD_PORT)",
        http: "--http-port <n> (or EDGESEG_HTTP_PORT)",
        mqtt: "--mqtt-port <n> (or EDGESEG_MQTT_PORT)",
      },
      adminEmail: "admin@edgeseg.local",
      telemetryIntervalS: 10,
      reset: args.reset,
      benchmark: args.benchmark,
      wait: args.wait,
      suite: "standard-v1",
      campaignTimeoutMs: 20 * 60_000,
      report: say,
      signal: starting.signal,
    });
  } catch (error) {
    if (!starting.signal.aborted) throw error;
    say("stopped");
    process.exit(0);
  }
  if (stopping) {
    // The signal came as the last step finished: nothing was aborted, so stop here.
    await stack.close();
    say("stopped");
    process.exit(0);
  }
  for (const child of [stack.hub, stack.dashboard, stack.agent]) {
    void child.exited.then(({ code, signal }) => {
      if (stopping) return;
      say(
        `\n${child.name} stopped by itself (${signal ?? `exit ${code}`}); the end of ${child.logFile}:\n${child.tail()}`,
      );
      stop("SIGTERM");
    });
  }

  const near = relative(process.cwd(), stack.layout.logsDir);
  const logs = near && !near.startsWith("..") ? near : stack.layout.logsDir;
  const password = stack.admin.password
    ? `${stack.admin.password}   (shown once: store it now)`
    : "(set at the first run; --reset starts over with a new admin)";
  say("");
  say(`Ready in ${Math.round((Date.now() - began) / 1000)} s.`);
  say(`  Dashboard   ${stack.urls.dashboard}`);
  say(`  Log in as   ${stack.admin.email}`);
  say(`  Password    ${password}`);
  say(`  Hub         ${stack.urls.hubHttp} (enrolment), ${stack.urls.mqtt} (agents)`);
  say(`  Logs        ${logs}/hub.log, dashboard.log, agent.log`);
  say("");
  say("Ctrl-C to stop.");
}

main().catch((error: unknown) => {
  process.stderr.write(`quickstart: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
