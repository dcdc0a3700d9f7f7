import { mkdirSync, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { createDb, type Db } from "@edgeseg/db";
import { createSession, endSession } from "../apps/dashboard/lib/auth/sessions.ts";
import { shots, take } from "./screenshot-pages.ts";
import { type BrowserContext, launchChromium, logIn, newContext } from "./stack/browser.ts";
import { waitForCampaign } from "./stack/campaign.ts";
import { repoRoot, stackLayout } from "./stack/paths.ts";
import { freePort } from "./stack/ports.ts";
import { startStack } from "./stack/stack.ts";
import { waitUntil } from "./stack/wait.ts";

const USAGE = `usage: npm run screenshots [-- --url <dashboard URL> --data-dir <quick start dir>] [--out <dir>]

Writes a 1280×800 PNG of every dashboard page to docs/screenshots/.
  without --url   starts a fresh stack in a temporary directory (production build, hub, local agent),
                  runs the standard suite and photographs the fleet page while a model runs
  --url <url>     a running quick start (e.g. http://127.0.0.1:3000); --data-dir is its state
                  directory (default ./.edgeseg), whose first admin gets a temporary session
`;

// The dashboard's session cookie (apps/dashboard/lib/auth/server.ts, which is server-only).
const SESSION_COOKIE = "edgeseg_session";

const say = (line: string) => process.stdout.write(`${line}\n`);

interface Target {
  url: string;
  db: Db;
  ids: { deviceId: string; campaignId: string; modelId: string };
  /** Signs the context in as an admin. */
  signIn(context: BrowserContext): Promise<void>;
  /** Fresh stacks: resolves once a model runs (the fleet page is taken then), then waits for the rest. */
  campaign?: { running(): Promise<void>; finished(): Promise<void> };
  close(): Promise<void>;
}

async function freshTarget(): Promise<Target> {
  const root = mkdtempSync(join(tmpdir(), "edgeseg-screenshots-"));
  const stack = await startStack({
    root,
    ports: { dashboard: await freePort(), http: await freePort(), mqtt: await freePort() },
    adminEmail: "admin@edgeseg.local",
    telemetryIntervalS: 5,
    reset: false,
    benchmark: "always",
    wait: false,
    suite: "standard-v1",
    campaignTimeoutMs: 20 * 60_000,
    report: say,
  }).catch((error: unknown) => {
    rmSync(root, { recursive: true, force: true });
    throw error;
  });
  const campaignId = stack.campaignId!;
  return {
    url: stack.urls.dashboard,
    db: stack.db,
    ids: { deviceId: stack.deviceId, campaignId, modelId: stack.suite.models[0]!.modelId },
    signIn: async (context) => logIn(await context.newPage(), stack.admin.email, stack.admin.password!),
    campaign: {
      running: () =>
        waitUntil(
          () =>
            stack.db.prisma.job.findFirst({
              where: { campaignId, status: "running", progressPhase: { in: ["accuracy", "single-stream"] } },
            }),
          "a model to be running",
          { timeoutMs: 180_000, children: [stack.hub, stack.agent] },
        ).then(() => {}),
      finished: () =>
        waitForCampaign(stack.db, campaignId, (line) => say(`  ${line}`), {
          timeoutMs: 20 * 60_000,
          children: [stack.hub, stack.agent],
        }).then(() => {}),
    },
    async close() {
      await stack.close();
      rmSync(root, { recursive: true, force: true });
    },
  };
}

async function runningTarget(url: string, dataDir: string): Promise<Target> {
  const db = await createDb({ url: `file:${join(stackLayout(dataDir).hubDir, "edgeseg.db")}` });
  const first = <T>(value: T | null, what: string): T => {
    if (value === null) throw new Error(`no ${what} in ${dataDir}: run the quick start first`);
    return value;
  };
  const admin = first(
    await db.prisma.user.findFirst({ where: { role: "admin" }, orderBy: { createdAt: "asc" } }),
    "admin",
  );
  const device = first(await db.prisma.device.findFirst({ orderBy: { lastSeenAt: "desc" } }), "device");
  const campaign = first(await db.prisma.campaign.findFirst({ orderBy: { createdAt: "desc" } }), "campaign");
  const model = first(await db.prisma.model.findFirst({ orderBy: { id: "asc" } }), "model");
  const session = await createSession(db.prisma, admin.id, 10 * 60_000);
  return {
    url,
    db,
    ids: { deviceId: device.id, campaignId: campaign.id, modelId: model.id },
    signIn: (context) =>
      context.addCookies([
        { name: SESSION_COOKIE, value: session.token, url, httpOnly: true, sameSite: "Lax" },
      ]),
    async close() {
      await endSession(db.prisma, session.token);
      await db.close();
    },
  };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      url: { type: "string" },
      "data-dir": { type: "string", default: ".edgeseg" },
      out: { type: "string", default: join(repoRoot, "docs/screenshots") },
      help: { type: "boolean", default: false },
    },
  });
  if (values.help) return void process.stdout.write(USAGE);
  const out = resolve(values.out);
  mkdirSync(out, { recursive: true });
  const target = values.url
    ? await runningTarget(values.url, resolve(values["data-dir"]))
    : await freshTarget();
  const browser = await launchChromium();
  try {
    const all = shots(target.ids);
    const shoot = async (context: BrowserContext, file: string) => {
      const shot = all.find((s) => s.file === file)!;
      await take(await context.newPage(), shot, join(out, shot.file));
      say(`✓ ${shot.file} (${Math.round(statSync(join(out, shot.file)).size / 1024)} KB)`);
    };
    const anonymous = await newContext(browser, target.url);
    await shoot(anonymous, "login.png");
    const admin = await newContext(browser, target.url);
    await target.signIn(admin);
    if (target.campaign) {
      await target.campaign.running();
      await shoot(admin, "fleet.png");
      await target.campaign.finished();
    }
    for (const shot of all) {
      if (shot.signedOut || (target.campaign && shot.file === "fleet.png")) continue;
      await shoot(admin, shot.file);
    }
  } finally {
    await browser.close();
    await target.close();
  }
}

// Ctrl-C: exit through process.exit, whose handler (stack/child.ts) kills the stack's process groups.
for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => process.exit(130));

main().catch((error: unknown) => {
  process.stderr.write(`screenshots: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
