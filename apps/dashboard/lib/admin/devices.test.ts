import { userActor } from "@edgeseg/db";
import { tempDb } from "@edgeseg/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedDevice, seedTelemetry } from "../testing/seed.ts";
import { applyDeviceAction, deviceActionMessage } from "./devices.ts";

let db: Awaited<ReturnType<typeof tempDb>>;
const admin = userActor({ id: "u-admin", email: "admin@example.org" });
const status = async (id: string) =>
  (await db.prisma.device.findUnique({ where: { id }, select: { status: true } }))?.status ?? "deleted";
const audit = (targetId: string) =>
  db.prisma.auditEntry.findMany({ where: { targetId }, orderBy: [{ at: "asc" }, { id: "asc" }] });
const values = (e: { before: string | null; after: string | null }) => [
  JSON.parse(e.before ?? "null"),
  JSON.parse(e.after ?? "null"),
];

beforeAll(async () => {
  db = await tempDb();
  await seedDevice(db.prisma, "p1", { status: "pending" });
  await seedDevice(db.prisma, "p2", { status: "pending" });
  await seedDevice(db.prisma, "a1", { status: "active" });
  await seedTelemetry(db.prisma, "p2", new Date());
});
afterAll(() => db.dispose());

describe("device administration", () => {
  it("approves a pending device once, audited with the admin and the status before and after", async () => {
    const approved = await applyDeviceAction(db, "p1", "approve", admin);
    expect(await status("p1")).toBe("active");
    expect(deviceActionMessage(approved)).toBe("Device p1 approved: it may connect and take jobs now.");
    // A second admin's click finds it active: nothing written, and the page says so.
    const again = await applyDeviceAction(db, "p1", "approve", admin);
    expect(deviceActionMessage(again)).toBe("Device p1 was already active.");
    await expect(applyDeviceAction(db, "nope", "approve", admin)).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    const entries = await audit("p1");
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      actorUserId: "u-admin",
      actorLabel: "admin@example.org",
      action: "device.approve",
      targetType: "device",
    });
    expect(values(entries[0]!)).toEqual([{ status: "pending" }, { status: "active" }]);
  });

  it("rejects only pending devices, deleting them with their telemetry; the entry keeps what was deleted", async () => {
    await applyDeviceAction(db, "p2", "remove", admin);
    expect(await status("p2")).toBe("deleted");
    expect(await db.prisma.telemetry.count({ where: { deviceId: "p2" } })).toBe(0);
    await expect(applyDeviceAction(db, "a1", "remove", admin)).rejects.toMatchObject({ code: "INTEGRITY" });
    expect(await status("a1")).toBe("active");
    const [entry] = await audit("p2");
    expect(entry?.action).toBe("device.reject");
    expect(values(entry!)).toEqual([
      { status: "pending", name: "p2", deviceClassId: "raspberry-pi-4", hardwareFingerprint: null },
      null,
    ]);
  });

  it("disables, refuses to approve the disabled device, and re-enables it: one entry each change", async () => {
    await applyDeviceAction(db, "a1", "disable", admin);
    expect(await status("a1")).toBe("disabled");
    await expect(applyDeviceAction(db, "a1", "approve", admin)).rejects.toMatchObject({
      code: "INTEGRITY",
      message: expect.stringMatching(/^cannot approve device a1: it is disabled, .*enable it/),
    });
    expect(await status("a1")).toBe("disabled");
    await applyDeviceAction(db, "a1", "enable", admin);
    expect(await status("a1")).toBe("active");
    const entries = await audit("a1");
    expect(entries.map((e) => [e.action, ...values(e)])).toEqual([
      ["device.disable", { status: "active" }, { status: "disabled" }],
      ["device.enable", { status: "disabled" }, { status: "active" }],
    ]);
  });
});
