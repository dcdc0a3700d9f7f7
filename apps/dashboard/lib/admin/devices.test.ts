import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedDevice, seedTelemetry } from "../testing/seed.ts";
import { tempDb } from "../testing/temp-db.ts";
import { approveDevice, rejectDevice, setDeviceDisabled } from "./devices.ts";

let db: Awaited<ReturnType<typeof tempDb>>;
const status = async (id: string) =>
  (await db.prisma.device.findUnique({ where: { id }, select: { status: true } }))?.status ?? "deleted";

beforeAll(async () => {
  db = await tempDb();
  await seedDevice(db.prisma, "p1", { status: "pending" });
  await seedDevice(db.prisma, "p2", { status: "pending" });
  await seedDevice(db.prisma, "a1", { status: "active" });
  await seedTelemetry(db.prisma, "p2", new Date());
});
afterAll(() => db.dispose());

describe("device administration", () => {
  it("approves a pending device once; a second approval is refused", async () => {
    await approveDevice(db.prisma, "p1");
    expect(await status("p1")).toBe("active");
    await expect(approveDevice(db.prisma, "p1")).rejects.toMatchObject({
      code: "INTEGRITY",
      message: "cannot approve device p1: it is active",
    });
    await expect(approveDevice(db.prisma, "nope")).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("rejects only pending devices, deleting them with their telemetry", async () => {
    await rejectDevice(db.prisma, "p2");
    expect(await status("p2")).toBe("deleted");
    expect(await db.prisma.telemetry.count({ where: { deviceId: "p2" } })).toBe(0);
    await expect(rejectDevice(db.prisma, "a1")).rejects.toMatchObject({ code: "INTEGRITY" });
    expect(await status("a1")).toBe("active");
  });

  it("disables and re-enables a device", async () => {
    await setDeviceDisabled(db.prisma, "a1", true);
    expect(await status("a1")).toBe("disabled");
    await expect(setDeviceDisabled(db.prisma, "a1", true)).rejects.toMatchObject({ code: "INTEGRITY" });
    await setDeviceDisabled(db.prisma, "a1", false);
    expect(await status("a1")).toBe("active");
  });
});
