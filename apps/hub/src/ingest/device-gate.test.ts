import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createDb, type Db, migrate } from "@edgeseg/db";
import { seedDevice } from "@edgeseg/db/testing";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { deviceGate } from "./device-gate.ts";

let dir: string;
let db: Db;
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), "edgeseg-gate-"));
  const url = `file:${join(dir, "edgeseg.db")}`;
  await migrate(url);
  db = await createDb({ url });
  for (const id of ["dev-1", "dev-2", "dev-3"]) await seedDevice(db, id);
});
afterEach(async () => {
  await db.close();
  rmSync(dir, { recursive: true, force: true });
});

/** The same database, counting the device reads the gate makes. */
function counting(target: Db) {
  const reads: string[][] = [];
  const device = {
    findMany: (args: { where: { id: { in: string[] } } }) => {
      reads.push([...args.where.id.in].sort());
      return target.prisma.device.findMany(args as Parameters<typeof target.prisma.device.findMany>[0]);
    },
  };
  return { db: { ...target, prisma: { device } } as unknown as Db, reads };
}

describe("deviceGate", () => {
  it("reads one turn's misses with one query, and refreshes the fleet's entries together", async () => {
    let t = 0;
    const { db: counted, reads } = counting(db);
    const gate = deviceGate(counted, () => t, 5000);
    const first = await Promise.all(["dev-1", "dev-2", "ghost"].map((id) => gate.lookup(id)));
    expect(first.map((r) => r?.status ?? null)).toEqual(["active", "active", null]);
    expect(reads).toEqual([["dev-1", "dev-2", "ghost"]]);
    // Cached: no read within the ttl.
    t = 2000;
    await gate.lookup("dev-1");
    expect(reads).toHaveLength(1);
    // A new device past half the others' ttl: read with every entry due soon, in one query.
    t = 3000;
    await gate.lookup("dev-3");
    expect(reads).toEqual([
      ["dev-1", "dev-2", "ghost"],
      ["dev-1", "dev-2", "dev-3", "ghost"],
    ]);
    t = 7000;
    await Promise.all(["dev-1", "dev-2", "dev-3"].map((id) => gate.lookup(id)));
    expect(reads).toHaveLength(2);
  });

  it("serves no record older than the ttl: a device disabled in the database is refused after it", async () => {
    let t = 0;
    const gate = deviceGate(db, () => t, 5000);
    expect((await gate.lookup("dev-1"))?.status).toBe("active");
    await db.prisma.device.update({ where: { id: "dev-1" }, data: { status: "disabled" } });
    t = 4999;
    expect((await gate.lookup("dev-1"))?.status).toBe("active");
    t = 5000;
    expect((await gate.lookup("dev-1"))?.status).toBe("disabled");
  });
});
