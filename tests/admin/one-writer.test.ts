import { spawn } from "node:child_process";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { createDb, type Db, type DeviceStatus, migrate, userActor } from "@edgeseg/db";
import { type DeviceAction, deviceActions, deviceStatuses, deviceTransition } from "@edgeseg/registry";
import { seedDevice } from "@edgeseg/registry/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyDeviceAction } from "../../apps/dashboard/lib/admin/devices.ts";
import { dataDirLayout } from "../../apps/hub/src/config/data-dir.ts";
import { repoRoot } from "../support/process.ts";
import { tempDir } from "../support/temp-dir.ts";

const bin = join(repoRoot, "apps/hub/bin/edgeseg-hub.js");

function cli(args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bin, ...args], { cwd: repoRoot });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c: Buffer) => (stdout += c));
    child.stderr.on("data", (c: Buffer) => (stderr += c));
    child.on("close", (status) => resolve({ status, stdout, stderr }));
  });
}

/** Every non-test source file of the hub and the dashboard. */
function appSources(): string[] {
  const roots = ["apps/hub/src", "apps/dashboard/app", "apps/dashboard/lib"].map((r) => join(repoRoot, r));
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) {
        if (!["node_modules", ".next", "test", "testing"].includes(name)) walk(path);
      } else if (/\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) && !name.includes("test-")) {
        out.push(path);
      }
    }
  };
  for (const root of roots) walk(root);
  return out;
}

// The hub's CLI and the dashboard both change devices through @edgeseg/registry's changeDeviceStatus
// (one transition table). Each pair is run through the real `edgeseg-hub` binary and through the
// dashboard's action on one database: both must give the table's outcome, and the same words.
describe("one writer of device status for the CLI and the dashboard", () => {
  const dir = tempDir("one-writer");
  let db: Db;
  const admin = userActor({ id: "u-admin", email: "admin@example.org" });
  beforeAll(async () => {
    const { dbUrl } = dataDirLayout(dir.path);
    await migrate(dbUrl);
    db = await createDb({ url: dbUrl });
  });
  afterAll(async () => {
    await db?.close();
    dir.remove();
  });

  const statusOf = async (id: string) =>
    (await db.prisma.device.findUnique({ where: { id }, select: { status: true } }))?.status ?? null;

  it("gives the table's outcome for every (action, status) pair, through both", async () => {
    const pairs: [DeviceAction, DeviceStatus][] = deviceActions.flatMap((a) =>
      deviceStatuses.map((s): [DeviceAction, DeviceStatus] => [a, s]),
    );
    for (const [action, from] of pairs) {
      await seedDevice(db, `cli-${action}-${from}`, { status: from });
      await seedDevice(db, `web-${action}-${from}`, { status: from });
    }
    // Three CLI processes at a time: each is a cold Node start.
    const runs: Awaited<ReturnType<typeof cli>>[] = [];
    for (let i = 0; i < pairs.length; i += 3) {
      runs.push(
        ...(await Promise.all(
          pairs
            .slice(i, i + 3)
            .map(([action, from]) =>
              cli(["device", action, `cli-${action}-${from}`, "--data-dir", dir.path, "--json"]),
            ),
        )),
      );
    }
    for (const [i, [action, from]] of pairs.entries()) {
      const cell = deviceTransition(action, from);
      const run = runs[i]!;
      const label = `${action} on a ${from} device`;
      const web = await applyDeviceAction(db, `web-${action}-${from}`, action, admin).then(
        (change) => ({ ok: true as const, change }),
        (error: { code: string; message: string }) => ({ ok: false as const, error }),
      );
      if (cell.outcome === "refused") {
        expect(run.status, label).toBe(5);
        expect(web.ok, label).toBe(false);
        const webMessage = web.ok ? "" : web.error.message;
        expect(webMessage, label).toBe(`cannot ${action} device web-${action}-${from}: ${cell.why}`);
        // One line on stderr, the same sentence as the dashboard's.
        expect(run.stderr, label).toBe(
          `edgeseg-hub: ${webMessage.replace(`web-${action}-${from}`, `cli-${action}-${from}`)}\n`,
        );
        expect(await statusOf(`cli-${action}-${from}`), label).toBe(from);
        expect(await statusOf(`web-${action}-${from}`), label).toBe(from);
        continue;
      }
      expect(run.status, `${label}: ${run.stderr}`).toBe(0);
      expect(web.ok, label).toBe(true);
      const printed = JSON.parse(run.stdout) as Record<string, unknown>;
      const { deviceId: _web, ...fromWeb } = web.ok ? web.change : { deviceId: "" };
      const { deviceId: _cli, ...fromCli } = printed;
      expect(fromCli, label).toEqual(fromWeb);
      const after = cell.outcome === "change" ? cell.to : from;
      expect(await statusOf(`cli-${action}-${from}`), label).toBe(after);
      expect(await statusOf(`web-${action}-${from}`), label).toBe(after);
    }
    // Each change is audited once, by its actor; a refused or unchanged pair wrote no entry.
    const entries = await db.prisma.auditEntry.findMany({
      select: { targetId: true, action: true, actorLabel: true },
    });
    const expected = pairs.flatMap(([action, from]) => {
      const cell = deviceTransition(action, from);
      if (cell.outcome !== "change") return [];
      return [
        { targetId: `cli-${action}-${from}`, action: cell.audit, actorLabel: expect.stringMatching(/^cli:/) },
        { targetId: `web-${action}-${from}`, action: cell.audit, actorLabel: "admin@example.org" },
      ];
    });
    expect(entries.sort((a, b) => a.targetId!.localeCompare(b.targetId!))).toEqual(
      expected.sort((a, b) => a.targetId.localeCompare(b.targetId)),
    );
  });

  it("has no other writer of device status or enrolment tokens in the hub or the dashboard", () => {
    // Enrolment (apps/hub/src/enroll) creates devices and claims tokens: that is the device's own
    // write, not an administrator's, and it is allowed. Everything else goes through @edgeseg/registry.
    const forbidden = [
      /\.device\.(update|updateMany|upsert)\(\s*\{[^;]*?data:\s*\{[^}]*\bstatus\b/s,
      /\.device\.(delete|deleteMany)\(/,
      /\.enrollmentToken\.create\(/,
      /\.enrollmentToken\.(update|updateMany)\(\s*\{[^;]*?data:\s*\{[^}]*\bexpiresAt\b/s,
    ];
    const offenders = appSources().flatMap((file) => {
      const text = readFileSync(file, "utf8");
      return forbidden.filter((re) => re.test(text)).map((re) => `${relative(repoRoot, file)}: ${re.source}`);
    });
    expect(offenders).toEqual([]);
    // And the two entry points call the registry.
    for (const file of ["apps/hub/src/commands/device.ts", "apps/dashboard/lib/admin/devices.ts"]) {
      expect(readFileSync(join(repoRoot, file), "utf8"), file).toMatch(
        /import \{[^}]*\bchangeDeviceStatus\b[^}]*\} from "@edgeseg\/registry"/,
      );
    }
  });
});
