import { createHash } from "node:crypto";
import { createDb, type Db } from "@edgeseg/db";
import { resultDocumentSchema } from "@edgeseg/protocol";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadFleet } from "../../../apps/dashboard/lib/fleet/load-fleet.ts";
import { resultRow } from "../../../packages/db/src/queries/result-row.ts";
import { tempDir } from "../../support/temp-dir.ts";
import { type Seeded, seedDatabase } from "./seed.ts";

// A small seed (3,000 results, 40 devices) read back through Prisma, as the dashboard reads it.
const options = { results: 3000, devices: 40, days: 30, telemetryDays: 1, cases: 2, seed: 42 };
const dirs = [tempDir("bench-dashboard-seed"), tempDir("bench-dashboard-seed")];
let seeded: Seeded;
let db: Db;

beforeAll(async () => {
  seeded = await seedDatabase(dirs[0]!.path, options);
  db = await createDb({ url: `file:${seeded.path}` });
}, 120_000);
afterAll(async () => {
  await db?.close();
  for (const d of dirs) d.remove();
});

describe("bench:dashboard seed", () => {
  it("stores what upsertResult would: columns re-derived from each stored document match", async () => {
    const rows = await db.prisma.result.findMany({ include: { organs: true } });
    expect(rows).toHaveLength(3000);
    for (const row of rows) {
      const doc = resultDocumentSchema.parse(JSON.parse(row.document));
      const { organs, document, ...expected } = resultRow(doc, {
        deviceId: row.deviceId,
        deviceClassId: row.deviceClassId,
      });
      const { organs: stored, jobId, receivedAt, ...columns } = row;
      // As linkJob leaves a result that answers the job dispatched to its device for its model and suite.
      const answered = { origin: "job", rankable: true, unrankedReason: null, review: null };
      expect(columns).toEqual({ ...expected, ...answered, document });
      expect(stored.length).toBe(doc.status === "succeeded" ? 8 : 0);
      expect(jobId).not.toBeNull();
      expect(receivedAt.getTime()).toBeGreaterThan(columns.createdAt.getTime());
    }
  });

  it("gives every result an egress audit under the default bound, so data locality is judged, not failed", async () => {
    expect(await db.prisma.result.count({ where: { egressBytes: null } })).toBe(0);
    expect(await db.prisma.result.count({ where: { egressBytes: { gt: 256_000 } } })).toBe(0);
    const stats = await db.prisma.deviceModelStats.findMany({
      select: { runs: true, egressAuditedRuns: true, egressMaxMessages: true },
    });
    expect(stats.every((s) => s.egressAuditedRuns === s.runs && s.egressMaxMessages !== null)).toBe(true);
  });

  it("builds one fleet figure per suite, class, model and device with a rankable VALID run", async () => {
    const keys = await db.prisma.result.groupBy({
      by: ["suiteSha256", "deviceClassId", "modelId", "modelVersion", "deviceId"],
      where: {
        rankable: true,
        verdict: "VALID",
        status: "succeeded",
        meanDice: { not: null },
        perCaseMeanMs: { not: null },
      },
    });
    expect(seeded.figures).toBe(keys.length);
    expect(await db.prisma.deviceModelStats.count()).toBe(keys.length);
  });

  it("counts what it wrote, and every result's job is closed with the result's status", async () => {
    const c = seeded.counts;
    expect(c.valid + c.invalid + c.failed).toBe(3000);
    expect(await db.prisma.result.count({ where: { verdict: "VALID" } })).toBe(c.valid);
    expect(await db.prisma.resultOrgan.count()).toBe(c.organRows);
    expect(await db.prisma.telemetry.count()).toBe(c.telemetryRows);
    const mismatched = await db.prisma.result.count({
      where: {
        OR: [
          { status: "succeeded", job: { status: { not: "succeeded" } } },
          { status: "failed", job: { status: { not: "failed" } } },
        ],
      },
    });
    expect(mismatched).toBe(0);
    // A realistic mix, not a degenerate one: mostly VALID, some INVALID and failed runs.
    expect(c.valid / 3000).toBeGreaterThan(0.7);
    expect(c.invalid).toBeGreaterThan(0);
    expect(c.failed).toBeGreaterThan(0);
  });

  it("gives the fleet page online devices with a current temperature and jobs in flight", async () => {
    const fleet = await loadFleet(db.prisma, { class: undefined, tag: undefined }, new Date());
    expect(fleet.total).toBe(40);
    const online = fleet.devices.filter((d) => d.state === "online");
    expect(online.length).toBeGreaterThan(20);
    expect(online.every((d) => d.temperature !== null)).toBe(true);
    expect(fleet.devices.filter((d) => d.job !== null).length).toBe(
      await db.prisma.job.count({ where: { status: { in: ["delivered", "running"] } } }),
    );
  });

  it("is deterministic: the same seed gives the same rows", async () => {
    const again = await seedDatabase(dirs[1]!.path, options);
    const other = await createDb({ url: `file:${again.path}` });
    try {
      const digest = async (d: Db) => {
        const rows = await d.prisma.result.findMany({
          orderBy: { id: "asc" },
          select: {
            id: true,
            deviceId: true,
            modelId: true,
            verdict: true,
            meanDice: true,
            perCaseMeanMs: true,
          },
        });
        return createHash("sha256").update(JSON.stringify(rows)).digest("hex");
      };
      expect(await digest(other)).toBe(await digest(db));
    } finally {
      await other.close();
    }
  }, 120_000);
});
