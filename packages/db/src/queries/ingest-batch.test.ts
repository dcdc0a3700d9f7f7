import type { ResultDocument } from "@edgeseg/protocol";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { seedModel } from "../testing/dispatch.ts";
import { fineTuningBlock, resultDocument } from "../testing/result-document.ts";
import { seedDevice, tempDb } from "../testing/temp-db.ts";
import { type BatchResult, storeResultBatch } from "./ingest-batch.ts";
import { upsertResult } from "./upsert-result.ts";

type TestDb = Awaited<ReturnType<typeof tempDb>>;
const CLASS = "raspberry-pi-4";

let db: TestDb;
beforeEach(async () => {
  db = await tempDb();
  await seedDevice(db, "dev-1");
  await seedDevice(db, "dev-2");
});
afterEach(() => db.dispose());

const item = (doc: ResultDocument, deviceId = "dev-1", jobId?: string): BatchResult => ({
  doc,
  ctx: { deviceId, deviceClassId: CLASS, ...(jobId ? { jobId } : {}) },
});

/** A job dispatched to `deviceId` for the document's model and suite (what makes its answer rankable). */
async function dispatch(target: TestDb, doc: ResultDocument, deviceId: string): Promise<string> {
  const suiteSha256 = doc.suite!.sha256;
  await target.prisma.suite.upsert({
    where: { sha256: suiteSha256 },
    update: {},
    create: { sha256: suiteSha256, id: "standard", version: "1", definition: {} },
  });
  await seedModel(target, doc.model.id, doc.model.version, doc.model.manifestSha256);
  const campaign = await target.prisma.campaign.create({
    data: { name: "c", suiteSha256, status: "active", target: {} },
  });
  const job = await target.prisma.job.create({
    data: {
      campaignId: campaign.id,
      deviceId,
      modelId: doc.model.id,
      modelVersion: doc.model.version,
      // Queued, not running: a device holds one delivered or running job at a time (PostgreSQL's
      // partial unique index), and this batch answers several jobs of one device.
      status: "queued",
      timeoutMs: 60_000,
    },
  });
  return job.id;
}

describe("storeResultBatch", () => {
  it("stores every result of a batch with its per-organ rows, in one call", async () => {
    const docs = [0.91, 0.82, 0.73].map((d) => resultDocument({ organDice: { liver: d, spleen: d - 0.1 } }));
    const out = await storeResultBatch(
      db,
      docs.map((d) => item(d)),
    );
    expect(out).toEqual(
      docs.map(() => ({
        ok: true,
        created: true,
        job: "none",
        rankable: false,
        unrankedReason: "started on the device, not dispatched by the hub",
        review: null,
      })),
    );
    const rows = await db.prisma.result.findMany({
      include: { organs: true },
      orderBy: { meanDice: "desc" },
    });
    expect(rows.map((r) => r.id)).toEqual(docs.map((d) => d.resultId));
    expect(rows.map((r) => r.organs.map((o) => [o.organ, o.meanDice]).sort())).toEqual([
      [
        ["liver", 0.91],
        ["spleen", 0.81],
      ],
      [
        ["liver", 0.82],
        ["spleen", 0.72],
      ],
      [
        ["liver", 0.73],
        ["spleen", 0.63],
      ],
    ]);
  });

  it("stores the same Result and ResultOrgan rows as upsertResult (every column but receivedAt), through either write path", async () => {
    const docs = [
      resultDocument({ organDice: { liver: 0.9, spleen: 0.8 }, stability: "STABLE", throttled: true }),
      resultDocument({
        status: "failed",
        verdict: "INVALID",
        egressBytes: 123_456,
        fineTuning: fineTuningBlock({}),
      }),
      // Doubles whose shortest decimal form is long, and text that JSON must escape.
      resultDocument({ organDice: { liver: 0.1 + 0.2, spleen: 2 / 3 }, perCaseMeanMs: 1234.5678901234567 }),
    ];
    docs[2]!.model.id = 'model "quoted" \\ ünïcode ✓';
    const other = await tempDb();
    const viaJson = await tempDb();
    try {
      for (const t of [other, viaJson]) await seedDevice(t, "dev-1");
      for (const doc of docs) await upsertResult(other, doc, { deviceId: "dev-1", deviceClassId: CLASS });
      // SQLite: statements prepared on the client's connection; PostgreSQL (and SQLite without a
      // reachable connection): one INSERT over the rows as JSON.
      expect(db.sqliteConnection?.() !== undefined).toBe(db.provider === "sqlite");
      await storeResultBatch(
        db,
        docs.map((d) => item(d)),
      );
      await storeResultBatch(
        { ...viaJson, sqliteConnection: undefined },
        docs.map((d) => item(d)),
      );
      const read = async (t: TestDb) =>
        (await t.prisma.result.findMany({ include: { organs: true }, orderBy: { id: "asc" } })).map(
          ({ receivedAt, ...row }) => {
            expect(Math.abs(receivedAt.getTime() - Date.now())).toBeLessThan(60_000);
            return row;
          },
        );
      const expected = await read(other);
      expect(
        expected
          .find((r) => r.modelId.includes("✓"))
          ?.organs.map((o) => o.meanDice)
          .sort(),
      ).toEqual([0.1 + 0.2, 2 / 3]);
      expect(await read(db)).toEqual(expected);
      expect(await read(viaJson)).toEqual(expected);
      // As stored, not only as the client reads it back: the same text for dates, 0/1 for booleans.
      const stored = async (t: TestDb) =>
        (
          await t.prisma.$queryRawUnsafe<Record<string, unknown>[]>(`SELECT * FROM "Result" ORDER BY "id"`)
        ).map(({ receivedAt, ...row }) => row);
      const storedExpected = await stored(other);
      expect(await stored(db)).toEqual(storedExpected);
      expect(await stored(viaJson)).toEqual(storedExpected);
    } finally {
      await other.dispose();
      await viaJson.dispose();
    }
  });

  it("refuses the one bad item of a batch (a device that is not enrolled) and stores the rest", async () => {
    const docs = [resultDocument(), resultDocument(), resultDocument()];
    const out = await storeResultBatch(db, [
      item(docs[0]!),
      item(docs[1]!, "dev-ghost"),
      item(docs[2]!, "dev-2"),
    ]);
    expect(out[0]).toMatchObject({ ok: true, created: true });
    expect(out[2]).toMatchObject({ ok: true, created: true });
    expect(out[1]).toMatchObject({ ok: false });
    const error = (out[1] as { error: Error }).error;
    expect(error.message).toBe(`result ${docs[1]!.resultId} names device dev-ghost, which is not enrolled`);
    const stored = await db.prisma.result.findMany({
      select: { id: true, deviceId: true },
      orderBy: { id: "asc" },
    });
    expect(stored).toEqual(
      [
        { id: docs[0]!.resultId, deviceId: "dev-1" },
        { id: docs[2]!.resultId, deviceId: "dev-2" },
      ].sort((a, b) => (a.id < b.id ? -1 : 1)),
    );
    expect(await db.prisma.resultOrgan.count()).toBe(4);
  });

  it("stores a result once: copies within a batch and results stored before change nothing", async () => {
    const before = resultDocument({ organDice: { liver: 0.9 } });
    await upsertResult(db, before, { deviceId: "dev-1", deviceClassId: CLASS });
    const fresh = resultDocument({ organDice: { liver: 0.7 } });
    // A re-sent copy carries the same resultId; whatever else it says, the first stored copy wins.
    const copy = { ...fresh, accuracy: { ...fresh.accuracy!, meanDice: 0.1 } };
    const out = await storeResultBatch(db, [item(before), item(fresh), item(copy), item(before, "dev-2")]);
    expect(out.map((o) => (o.ok ? o.created : "error"))).toEqual([false, true, false, false]);
    expect(await db.prisma.result.count()).toBe(2);
    expect(await db.prisma.resultOrgan.count()).toBe(2);
    const row = await db.prisma.result.findUniqueOrThrow({ where: { id: fresh.resultId } });
    expect(row.meanDice).toBe(0.7);
    expect(row.deviceId).toBe("dev-1");
    // A whole batch of copies is answered too.
    expect(await storeResultBatch(db, [item(before), item(fresh)])).toEqual([
      { ok: true, created: false, job: "unchanged" },
      { ok: true, created: false, job: "unchanged" },
    ]);
  });

  it("links jobs and leaves the same results, review flags and fleet figures as storing one at a time", async () => {
    const other = await tempDb();
    try {
      await seedDevice(other, "dev-1");
      await seedDevice(other, "dev-2");
      // Two devices, several runs each of one model, then a run ten times faster than the class has
      // ranked (a review flag that depends on the figures the same batch changed), and one device run.
      const specs = [
        { device: "dev-1", dice: 0.9, ms: 1500 },
        { device: "dev-2", dice: 0.86, ms: 1300 },
        { device: "dev-1", dice: 0.88, ms: 1400 },
        { device: "dev-2", dice: 0.87, ms: 100 },
        { device: "dev-1", dice: 0.5, ms: 1450 },
      ];
      const docs = specs.map((s) => resultDocument({ organDice: { liver: s.dice }, perCaseMeanMs: s.ms }));
      const batch: BatchResult[] = [];
      for (const [i, s] of specs.entries()) {
        const doc = docs[i]!;
        batch.push(item(doc, s.device, await dispatch(db, doc, s.device)));
        const jobId = await dispatch(other, doc, s.device);
        await upsertResult(other, doc, { deviceId: s.device, deviceClassId: CLASS, jobId });
      }
      const loose = resultDocument({ organDice: { liver: 0.99 } });
      batch.push(item(loose, "dev-2"));
      await upsertResult(other, loose, { deviceId: "dev-2", deviceClassId: CLASS });

      const out = await storeResultBatch(db, batch);
      expect(out.map((o) => o.ok && o.created && o.job)).toEqual([
        "linked",
        "linked",
        "linked",
        "linked",
        "linked",
        "none",
      ]);
      const columns = { id: true, rankable: true, unrankedReason: true, review: true, origin: true } as const;
      const results = (t: TestDb) => t.prisma.result.findMany({ select: columns, orderBy: { id: "asc" } });
      const batchRows = await results(db);
      expect(batchRows).toEqual(await results(other));
      // Flags that read the figures this same batch changed: some runs flagged, some not.
      const flagged = batchRows.filter((r) => r.review !== null).length;
      expect(flagged).toBeGreaterThan(0);
      expect(flagged).toBeLessThan(5);
      for (const o of out) {
        if (!o.ok || !o.created) continue;
        const row = batchRows.find((r) => r.id === batch[out.indexOf(o)]!.doc.resultId)!;
        expect({ rankable: o.rankable, unrankedReason: o.unrankedReason, review: o.review }).toEqual({
          rankable: row.rankable,
          unrankedReason: row.unrankedReason,
          review: row.review,
        });
      }
      const stats = (t: TestDb) => t.prisma.deviceModelStats.findMany({ orderBy: { deviceId: "asc" } });
      const figures = await stats(db);
      expect(figures).toHaveLength(2);
      expect(figures).toEqual(await stats(other));
      expect(await db.prisma.job.count({ where: { status: "succeeded" } })).toBe(5);
    } finally {
      await other.dispose();
    }
  });
});
