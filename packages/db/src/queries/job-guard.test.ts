import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type Db } from "../client.ts";
import { migrate } from "../migrate.ts";
import { freshPostgresDatabase } from "../testing/postgres.ts";
import { seedDevice } from "../testing/temp-db.ts";

// PostgreSQL's one-job-per-device guard (prisma/postgres/migrations, baseline): the dispatcher's claim
// is one conditional UPDATE ("no job delivered or running on this device"), which SQLite's single
// writer makes atomic. Under PostgreSQL's READ COMMITTED two hubs' claims for two jobs of one device
// can both pass that condition; the partial unique index makes the second fail instead.
let database: Awaited<ReturnType<typeof freshPostgresDatabase>>;
let hubA: Db;
let hubB: Db;

beforeAll(async () => {
  database = await freshPostgresDatabase();
  await migrate(database.url);
  hubA = await createDb({ url: database.url });
  hubB = await createDb({ url: database.url });
  await seedDevice(hubA, "pi");
  await hubA.prisma.suite.create({ data: { sha256: "a".repeat(64), id: "s", version: "1", definition: {} } });
  await hubA.prisma.model.create({
    data: {
      id: "unet",
      version: "1",
      family: "target-specific",
      pipeline: "semantic-2d",
      manifest: {},
      manifestSha256: "c".repeat(64),
      trained: true,
      license: "MIT",
      fineTuningSupported: false,
    },
  });
  await hubA.prisma.campaign.create({
    data: { id: "c", name: "c", suiteSha256: "a".repeat(64), status: "active", target: {} },
  });
  for (const id of ["j1", "j2"]) {
    await hubA.prisma.job.create({
      data: { id, campaignId: "c", deviceId: "pi", modelId: "unet", modelVersion: "1", timeoutMs: 60_000 },
    });
  }
}, 120_000);
afterAll(async () => {
  await hubA?.close();
  await hubB?.close();
  await database?.drop();
});

/** The dispatcher's claim (apps/hub/src/dispatch/deliver.ts), reduced to its device condition. */
const claim = (db: Db | Parameters<Parameters<Db["prisma"]["$transaction"]>[0]>[0], id: string) =>
  ("prisma" in db ? db.prisma : db).job.updateMany({
    where: {
      id,
      status: "queued",
      device: { jobs: { none: { status: { in: ["delivered", "running"] } } } },
    },
    data: { status: "delivered" },
  });

describe("one job on a device at a time (PostgreSQL)", () => {
  it("fails the second of two concurrent claims for one device on the partial unique index", async () => {
    let release = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    let claimedByA = 0;
    const a = hubA.prisma.$transaction(async (tx) => {
      claimedByA = (await claim(tx, "j1")).count;
      await held; // hub A has not committed yet
    });
    while (claimedByA === 0) await new Promise((r) => setTimeout(r, 10));
    // Hub B does not see A's uncommitted claim, so its condition holds; the index makes it wait for A.
    // (A Prisma query starts when its promise is subscribed to: subscribe now.)
    const b = claim(hubB, "j2").then(
      (result) => ({ result, error: null }),
      (error: unknown) => ({ result: null, error }),
    );
    await new Promise((r) => setTimeout(r, 300));
    release();
    await a;
    const outcome = await b;
    expect(outcome.result).toBeNull();
    expect(outcome.error).toMatchObject({ code: "P2002" });
    expect(String(outcome.error)).toContain("Job_deviceId_on_device_key");
    const jobs = await hubA.prisma.job.findMany({
      orderBy: { id: "asc" },
      select: { id: true, status: true },
    });
    expect(jobs).toEqual([
      { id: "j1", status: "delivered" },
      { id: "j2", status: "queued" },
    ]);
  });

  it("lets the device take its next job once the first is finished", async () => {
    await hubA.prisma.job.update({ where: { id: "j1" }, data: { status: "succeeded" } });
    expect((await claim(hubB, "j2")).count).toBe(1);
  });
});
