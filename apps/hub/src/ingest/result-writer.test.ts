import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { type BatchOutcome, createDb, type Db, migrate } from "@edgeseg/db";
import { freshPostgresDatabase, resultDocument, seedDevice } from "@edgeseg/db/testing";
import pg from "pg";
import { pino } from "pino";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createResultWriter } from "./result-writer.ts";

const CLASS = "raspberry-pi-4";
const logger = pino({ level: "silent" });

/** A migrated database of each kind: a SQLite file, and a database on a throw-away PostgreSQL 15. */
async function open(kind: "sqlite" | "postgres") {
  const dir = mkdtempSync(join(tmpdir(), "edgeseg-writer-"));
  const pgDb = kind === "postgres" ? await freshPostgresDatabase() : null;
  const url = pgDb?.url ?? `file:${join(dir, "edgeseg.db")}`;
  await migrate(url);
  const db = await createDb({ url });
  return {
    db,
    /** PostgreSQL: another session's lock on Result, held until release() (the writer's commit waits). */
    async holdWriteLock(): Promise<() => Promise<void>> {
      const other = new pg.Client({ connectionString: url });
      await other.connect();
      await other.query(`BEGIN; LOCK TABLE "Result" IN EXCLUSIVE MODE`);
      return async () => {
        await other.query("ROLLBACK");
        await other.end();
      };
    },
    async dispose() {
      await db.close();
      await pgDb?.drop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

const item = (deviceId = "dev-1", doc = resultDocument()) => ({
  doc,
  ctx: { deviceId, deviceClassId: CLASS },
});
const created = (o: BatchOutcome) => (o.ok ? o.created : `refused: ${(o.error as Error).message}`);

describe.each(["sqlite", "postgres"] as const)("result writer (group commit) on %s", (kind) => {
  let t: Awaited<ReturnType<typeof open>>;
  let db: Db;
  beforeEach(async () => {
    t = await open(kind);
    db = t.db;
    await seedDevice(db, "dev-1");
    await seedDevice(db, "dev-2");
  });
  afterEach(() => t.dispose());

  it("commits concurrent results in batches and answers each after its batch", async () => {
    const writer = createResultWriter(db, logger, { maxBatch: 16, lingerMs: 5 });
    const items = Array.from({ length: 50 }, (_, i) => item(i % 2 ? "dev-1" : "dev-2"));
    const answered: string[] = [];
    const outcomes = await Promise.all(
      items.map((it) =>
        writer.store(it).then(async (o) => {
          // At its answer the row is committed: another connection reads it.
          if ((await db.prisma.result.count({ where: { id: it.doc.resultId } })) === 1)
            answered.push(it.doc.resultId);
          return o;
        }),
      ),
    );
    expect(outcomes.map(created)).toEqual(items.map(() => true));
    expect(answered).toHaveLength(50);
    expect(await db.prisma.result.count()).toBe(50);
    const stats = writer.stats();
    expect(stats.results).toBe(50);
    expect(stats.batches).toBeLessThanOrEqual(5);
    expect(stats.largestBatch).toBe(16);
  });

  it("refuses the bad result of a batch and stores the others; a copy is stored once", async () => {
    const writer = createResultWriter(db, logger, { maxBatch: 8, lingerMs: 20 });
    const twice = resultDocument();
    const batch = [item(), item("dev-ghost"), item("dev-2", twice), item("dev-2", twice), item()];
    const outcomes = await Promise.all(batch.map((b) => writer.store(b)));
    expect(outcomes.map(created)).toEqual([
      true,
      `refused: result ${batch[1]!.doc.resultId} names device dev-ghost, which is not enrolled`,
      true,
      false,
      true,
    ]);
    expect(writer.stats().batches).toBe(1);
    expect(await db.prisma.result.count()).toBe(3);
    expect(await db.prisma.result.count({ where: { id: twice.resultId } })).toBe(1);
  });

  it("back-pressure: a burst never queues more than maxQueue; every result is stored", async () => {
    const writer = createResultWriter(db, logger, { maxBatch: 8, maxQueue: 16, lingerMs: 0 });
    let deepest = 0;
    const items = Array.from({ length: 200 }, () => item());
    const outcomes = await Promise.all(
      items.map((it) => {
        const answer = writer.store(it);
        deepest = Math.max(deepest, writer.queued());
        return answer;
      }),
    );
    expect(deepest).toBe(16);
    expect(writer.stats().waitedForRoom).toBeGreaterThanOrEqual(200 - 16 - 8);
    expect(outcomes.map(created)).toEqual(items.map(() => true));
    expect(await db.prisma.result.count()).toBe(200);
  });

  // On SQLite a lock held by another connection blocks the whole process (better-sqlite3 waits for
  // busy_timeout synchronously), so the waiting is observable from the outside on PostgreSQL only.
  it.runIf(kind === "postgres")(
    "back-pressure: while a commit waits, store does not answer (no PUBACK) and nothing is dropped",
    async () => {
      const writer = createResultWriter(db, logger, { maxBatch: 2, maxQueue: 4, lingerMs: 0 });
      const release = await t.holdWriteLock();
      const answered: (string | boolean)[] = [];
      const pending = Array.from({ length: 10 }, () =>
        writer.store(item()).then((o) => {
          answered.push(created(o));
          return o;
        }),
      );
      try {
        await sleep(500);
        // Two in the transaction that waits for the lock, four queued, four waiting for room.
        expect(answered).toEqual([]);
        expect(writer.queued()).toBe(4);
        expect(writer.stats().waitedForRoom).toBeGreaterThanOrEqual(4);
      } finally {
        await release();
      }
      await Promise.all(pending);
      expect(answered).toEqual(Array.from({ length: 10 }, () => true));
      expect(await db.prisma.result.count()).toBe(10);
    },
  );
});
