// The database layer alone, in-process: results stored one transaction each (upsertResult) vs a batch
// per transaction (storeResultBatch, group commit), on a fresh SQLite file or, with --postgres, a
// database on a throw-away PostgreSQL 15. `npx tsx tests/bench/ingest/db-batch.ts [--postgres]`.
import { randomUUID } from "node:crypto";
import { join } from "node:path";
import { createDb, migrate, storeResultBatch, upsertResult } from "@edgeseg/db";
import { exampleResultDocument, handleFatal, resultDocumentSchema } from "@edgeseg/protocol";
import { freshPostgresDatabase } from "../../support/postgres.ts";
import { tempDir } from "../../support/temp-dir.ts";

async function main() {
  const postgres = process.argv.includes("--postgres");
  const dir = tempDir("bench-db-batch");
  const pg = postgres ? await freshPostgresDatabase() : null;
  const url = pg?.url ?? `file:${join(dir.path, "edgeseg.db")}`;
  await migrate(url);
  const db = await createDb({ url });
  try {
    await db.prisma.device.create({ data: { id: "d1", name: "d1", secretHash: "unused", status: "active" } });
    const doc = () => resultDocumentSchema.parse({ ...exampleResultDocument, resultId: randomUUID() });
    const ctx = { deviceId: "d1", deviceClassId: "bench" };
    const rate = (n: number, t: number) => Math.round(n / ((performance.now() - t) / 1000));
    const out: Record<string, number> = {};
    let t = performance.now();
    for (let i = 0; i < 300; i++) await upsertResult(db, doc(), ctx);
    out.oneByOne = rate(300, t);
    for (const n of [16, 64, 256]) {
      t = performance.now();
      for (let k = 0; k < 1024; k += n) {
        await storeResultBatch(
          db,
          Array.from({ length: n }, () => ({ doc: doc(), ctx })),
        );
      }
      out[`batch${n}`] = rate(1024, t);
    }
    console.log(JSON.stringify({ bench: "db-batch", database: db.provider, resultsPerSecond: out }));
  } finally {
    await db.close();
    await pg?.drop();
    dir.remove();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => handleFatal("db-batch", error),
);
