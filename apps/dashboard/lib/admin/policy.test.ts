import { userActor } from "@edgeseg/db";
import { tempDb } from "@edgeseg/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { classPolicy } from "../ranking/policy.ts";
import { seedClass } from "../testing/seed.ts";
import { resetClassPolicy, saveClassPolicy } from "./policy.ts";

let db: Awaited<ReturnType<typeof tempDb>>;
const admin = userActor({ id: "u-admin", email: "admin@example.org" });
const row = () => db.prisma.deviceClass.findUniqueOrThrow({ where: { id: "raspberry-pi-4" } });

beforeAll(async () => {
  db = await tempDb();
  await seedClass(db.prisma, "raspberry-pi-4", "Raspberry Pi 4");
  await db.prisma.deviceClass.update({
    where: { id: "raspberry-pi-4" },
    data: { profile: { budgets: { memoryMb: 2048, caseTimeSeconds: 120 } } },
  });
});
afterAll(() => db.dispose());

describe("scoring policy changes in the audit trail", () => {
  it("records only the fields that changed, old and new, and nothing for a save that changes nothing", async () => {
    const current = classPolicy(await row());
    const next = {
      ...current,
      memoryBudgetMb: 1024,
      diceThreshold: 0.8,
      weights: { ...current.weights, accuracy: current.weights.accuracy + 1 },
    };
    expect((await saveClassPolicy(db.prisma, "raspberry-pi-4", next, admin)).changed.sort()).toEqual([
      "diceThreshold",
      "memoryBudgetMb",
      "weights",
    ]);
    await saveClassPolicy(db.prisma, "raspberry-pi-4", next, admin);
    const entries = await db.prisma.auditEntry.findMany({ where: { action: "policy.update" } });
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      actorLabel: "admin@example.org",
      targetType: "device-class",
      targetId: "raspberry-pi-4",
    });
    expect(JSON.parse(entries[0]?.before ?? "null")).toEqual({
      memoryBudgetMb: 1536,
      diceThreshold: 0.7,
      weights: current.weights,
    });
    expect(JSON.parse(entries[0]?.after ?? "null")).toEqual({
      memoryBudgetMb: 1024,
      diceThreshold: 0.8,
      weights: next.weights,
    });
    expect((await row()).memoryBudgetMb).toBe(1024);
  });

  it("records a reset to the firmware profile's budgets and the defaults", async () => {
    await resetClassPolicy(db.prisma, "raspberry-pi-4", admin);
    const after = await row();
    expect([after.memoryBudgetMb, after.caseTimeBudgetS, after.scoring]).toEqual([2048, 120, null]);
    const [entry] = await db.prisma.auditEntry.findMany({ where: { action: "policy.reset" } });
    expect(JSON.parse(entry?.before ?? "null")).toMatchObject({ memoryBudgetMb: 1024, caseTimeBudgetS: 300 });
    expect(JSON.parse(entry?.after ?? "null")).toMatchObject({ memoryBudgetMb: 2048, caseTimeBudgetS: 120 });
    await expect(resetClassPolicy(db.prisma, "nope", admin)).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});
