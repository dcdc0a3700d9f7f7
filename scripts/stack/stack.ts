import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { createDb, type Db } from "@edgeseg/db";
import type { ScenarioOverrides } from "@edgeseg/protocol";
import { type AdminCredentials, ensureAdmin } from "./admin.ts";
import { ensureEnrolled, startAgent } from "./agent.ts";
import { buildNeeded, ensureDashboardBuild } from "./build.ts";
import { type JobRow, startCampaign, unfinishedCampaign, waitForCampaign } from "./campaign.ts";
import { type Child, stopChildren } from "./child.ts";
import { startDashboard } from "./dashboard.ts";
import { type ImportedSuite, importSuite, startHub } from "./hub.ts";
import { resetDataDir, takeLock } from "./lock.ts";
import { type StackLayout, stackLayout } from "./paths.ts";
import { assertPortFree } from "./ports.ts";

export interface StackOptions {
  /** Data directory of the whole stack (hub/, agent/, logs/). */
  root: string;
  ports: { dashboard: number; http: number; mqtt: number };
  /** How to pick another port, per port, for the "port taken" message. */
  portHints?: { dashboard: string; http: string; mqtt: string };
  adminEmail: string;
  telemetryIntervalS: number;
  /** Start over: delete the data directory first. */
  reset: boolean;
  /** "auto": benchmark unless this device has results on the suite from an earlier run. */
  benchmark: "always" | "auto" | "never";
  /** Wait for the campaign's results before returning. */
  wait: boolean;
  suite: string;
  /** Scenario overrides for the campaign (tests use short runs); none = the suite's own settings. */
  overrides?: ScenarioOverrides;
  campaignTimeoutMs: number;
  report: (line: string) => void;
  /** Aborting stops what has started (gracefully) and rejects with the abort reason. */
  signal?: AbortSignal;
}

export interface Stack {
  layout: StackLayout;
  urls: { dashboard: string; hubHttp: string; mqtt: string };
  admin: AdminCredentials;
  deviceId: string;
  deviceClassId: string | null;
  suite: ImportedSuite;
  /** The campaign this run created, or null when it created none. */
  campaignId: string | null;
  /** Its jobs as they ended (when waited for). */
  jobs: JobRow[];
  /** The hub's database, open for the caller (closed by close()). */
  db: Db;
  hub: Child;
  dashboard: Child;
  agent: Child;
  close(): Promise<void>;
}

const seconds = (since: number) => `${((Date.now() - since) / 1000).toFixed(1)} s`;

/**
 * Hub + dashboard (production build) + a local agent enrolled on this machine, the suite imported and
 * a campaign of its models on the agent. Everything binds 127.0.0.1. On failure, whatever started is
 * stopped before the error is thrown.
 */
export async function startStack(opts: StackOptions): Promise<Stack> {
  const layout = stackLayout(opts.root);
  const say = opts.report;
  mkdirSync(layout.root, { recursive: true, mode: 0o700 });
  takeLock(layout.pidFile, layout.root);
  if (opts.reset) resetDataDir(layout.root, [layout.hubDir, layout.agentConfig, layout.logsDir]);
  mkdirSync(layout.logsDir, { recursive: true, mode: 0o700 });
  const unlock = takeLock(layout.pidFile, layout.root);

  let db: Db | null = null;
  const stopAll = async () => {
    await stopChildren();
    await db?.close();
    db = null;
    unlock();
  };
  // Each step races the abort signal; a child a step started is stopped by stopChildren all the same.
  const step = <T>(work: Promise<T>): Promise<T> => {
    const signal = opts.signal;
    if (!signal) return work;
    signal.throwIfAborted();
    return Promise.race([
      work,
      new Promise<never>((_, reject) =>
        signal.addEventListener("abort", () => reject(signal.reason), { once: true }),
      ),
    ]);
  };
  try {
    const hints = opts.portHints ?? { dashboard: "another port", http: "another port", mqtt: "another port" };
    await assertPortFree("127.0.0.1", opts.ports.dashboard, "dashboard", hints.dashboard);
    await assertPortFree("127.0.0.1", opts.ports.http, "hub's HTTP API", hints.http);
    await assertPortFree("127.0.0.1", opts.ports.mqtt, "hub's MQTT broker", hints.mqtt);

    let t = Date.now();
    const why = buildNeeded();
    if (why) {
      say(`building the dashboard (${why}; next build, about a minute) …`);
      await step(ensureDashboardBuild(join(layout.logsDir, "build.log"), opts.signal));
      say(`✓ dashboard built (${seconds(t)})`);
    }

    t = Date.now();
    const urls = {
      dashboard: `http://127.0.0.1:${opts.ports.dashboard}`,
      hubHttp: `http://127.0.0.1:${opts.ports.http}`,
      mqtt: `mqtt://127.0.0.1:${opts.ports.mqtt}`,
    };
    const hub = await step(startHub(layout, { mqttPort: opts.ports.mqtt, httpPort: opts.ports.http }));
    say(`✓ hub on ${urls.mqtt} and ${urls.hubHttp} (${seconds(t)})`);
    db = await createDb({ url: `file:${join(layout.hubDir, "edgeseg.db")}` });
    const open = db;

    const admin = await step(ensureAdmin(open, layout.hubDir, opts.adminEmail));
    say(
      admin.password
        ? `✓ first admin ${admin.email} created`
        : `✓ admin ${admin.email} exists (from an earlier run)`,
    );

    t = Date.now();
    // Independent steps side by side; allSettled so that a failure never leaves one still starting.
    const [dashboardStep, agentStep, suiteStep] = await step(
      Promise.allSettled([
        startDashboard(layout, opts.ports.dashboard, urls.hubHttp).then((c) => {
          say(`✓ dashboard on ${urls.dashboard} (${seconds(t)})`);
          return c;
        }),
        (async () => {
          const id = await ensureEnrolled(
            layout,
            open,
            { httpUrl: urls.hubHttp, mqttUrl: urls.mqtt },
            opts.telemetryIntervalS,
          );
          const agent = await startAgent(layout, open, id.deviceId);
          const device = await open.prisma.device.findUniqueOrThrow({
            where: { id: id.deviceId },
            select: { deviceClassId: true, deviceClass: { select: { name: true } } },
          });
          const cls = device.deviceClass?.name ?? device.deviceClassId ?? "no matching device class";
          say(
            `✓ local agent ${id.enrolled ? "enrolled as" : "is"} ${id.deviceId} (${cls}), online (${seconds(t)})`,
          );
          return { agent, deviceId: id.deviceId, deviceClassId: device.deviceClassId };
        })(),
        importSuite(layout, opts.suite).then((s) => {
          say(`✓ suite ${s.suiteId}@${s.version} with ${s.models.map((m) => m.modelId).join(", ")}`);
          return s;
        }),
      ]),
    );
    if (dashboardStep.status === "rejected") throw dashboardStep.reason;
    if (agentStep.status === "rejected") throw agentStep.reason;
    if (suiteStep.status === "rejected") throw suiteStep.reason;
    const [dashboard, agentUp, suite] = [dashboardStep.value, agentStep.value, suiteStep.value];

    let campaignId: string | null = null;
    let jobs: JobRow[] = [];
    const earlier = await open.prisma.result.count({
      where: { deviceId: agentUp.deviceId, suiteSha256: suite.sha256 },
    });
    const unfinished =
      opts.benchmark === "auto" ? await unfinishedCampaign(open, agentUp.deviceId, suite.sha256) : null;
    t = Date.now();
    if (unfinished) {
      campaignId = unfinished;
      say(`▸ campaign ${campaignId} of an earlier run is not finished: it goes on`);
    } else if (opts.benchmark === "always" || (opts.benchmark === "auto" && earlier === 0)) {
      campaignId = await step(
        startCampaign(open, {
          name: "Quick start: standard suite on this machine",
          suiteSha256: suite.sha256,
          models: suite.models.map((m) => `${m.modelId}@${m.version}`),
          deviceId: agentUp.deviceId,
          createdBy: admin.userId,
          ...(opts.overrides ? { overrides: opts.overrides } : {}),
        }),
      );
      say(`▸ campaign ${campaignId}: ${suite.models.length} models on this machine`);
    } else if (opts.benchmark === "auto") {
      say(
        `✓ ${earlier} results of this machine on ${suite.suiteId} from an earlier run (--rerun benchmarks again)`,
      );
    }
    if (campaignId && opts.wait) {
      jobs = await step(
        waitForCampaign(open, campaignId, (line) => say(`  ${line}`), {
          timeoutMs: opts.campaignTimeoutMs,
          children: [hub, agentUp.agent],
        }),
      );
      say(`✓ results in (${seconds(t)})`);
    }

    return {
      layout,
      urls,
      admin,
      deviceId: agentUp.deviceId,
      deviceClassId: agentUp.deviceClassId,
      suite,
      campaignId,
      jobs,
      db: open,
      hub,
      dashboard,
      agent: agentUp.agent,
      close: stopAll,
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}
