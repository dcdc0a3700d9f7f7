import { tempDb } from "@edgeseg/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedCampaign, seedDevice, seedJob, seedTelemetry } from "../testing/seed.ts";
import { parseFleetFilter } from "./filter.ts";
import { loadFleet } from "./load-fleet.ts";

let db: Awaited<ReturnType<typeof tempDb>>;
const now = new Date("2026-11-26T12:00:00Z");
const ago = (s: number) => new Date(now.getTime() - s * 1000);

beforeAll(async () => {
  db = await tempDb();
  const p = db.prisma;
  await seedDevice(p, "pi-a", { online: true, lastSeenAt: ago(10), tags: ["clinic-a", "ward-3"] });
  await seedDevice(p, "pi-b", { online: true, lastSeenAt: ago(600), tags: ["clinic-b"] }); // stale
  await seedDevice(p, "pi-c", { status: "pending" });
  await seedDevice(p, "nano-a", { deviceClassId: "jetson-nano", online: true, lastSeenAt: ago(1) });
  await seedDevice(p, "nano-b", { deviceClassId: "jetson-nano", status: "disabled", online: true });
  await seedCampaign(p);
  await seedJob(p, "job-old", "pi-a", { status: "succeeded", deliveredAt: ago(3000) });
  await seedJob(p, "job-run", "pi-a", {
    status: "running",
    deliveredAt: ago(60),
    progress: { phase: "accuracy", done: 3, total: 8 },
  });
  await seedJob(p, "job-new", "nano-a", { status: "delivered", deliveredAt: ago(5) });
  await seedTelemetry(p, "pi-a", ago(900), { tempC: 48 });
  await seedTelemetry(p, "pi-a", ago(300), { tempC: 61.5 });
  await seedTelemetry(p, "nano-a", ago(300), { tempC: null });
});
afterAll(() => db.dispose());

describe("loadFleet", () => {
  it("derives each device's state, current job with progress, and latest temperature", async () => {
    const fleet = await loadFleet(db.prisma, parseFleetFilter({}), now);
    const byId = Object.fromEntries(fleet.devices.map((d) => [d.id, d]));
    expect(Object.fromEntries(fleet.devices.map((d) => [d.id, d.state]))).toEqual({
      "nano-a": "online",
      "nano-b": "disabled",
      "pi-a": "online",
      "pi-b": "offline",
      "pi-c": "pending",
    });
    expect(byId["pi-a"]?.job).toMatchObject({
      id: "job-run",
      status: "running",
      progress: { phase: "accuracy", done: 3, total: 8 },
    });
    expect(byId["nano-a"]?.job).toMatchObject({ id: "job-new", status: "delivered", progress: null });
    expect(byId["pi-b"]?.job).toBeNull();
    expect(byId["pi-a"]?.temperature).toEqual({ avgC: 61.5, maxC: 64.5, at: ago(300) });
    expect(byId["nano-a"]?.temperature).toEqual({ avgC: null, maxC: null, at: ago(300) });
    expect(byId["pi-c"]?.temperature).toBeNull();
    expect(byId["pi-a"]?.tags).toEqual(["clinic-a", "ward-3"]);
  });

  it("counts devices and online devices per class over the whole fleet", async () => {
    const fleet = await loadFleet(db.prisma, parseFleetFilter({ status: "online" }), now);
    expect(fleet.counts).toEqual([
      { deviceClassId: "jetson-nano", name: "jetson-nano", total: 2, online: 1 },
      { deviceClassId: "raspberry-pi-4", name: "raspberry-pi-4", total: 3, online: 1 },
    ]);
    expect(fleet.total).toBe(5);
    expect(fleet.pending).toBe(1);
    expect(fleet.tags).toEqual(["clinic-a", "clinic-b", "ward-3"]);
  });

  it("filters by class, tag and state, together", async () => {
    const ids = async (q: Record<string, string>) =>
      (await loadFleet(db.prisma, parseFleetFilter(q), now)).devices.map((d) => d.id);
    expect(await ids({ class: "jetson-nano" })).toEqual(["nano-a", "nano-b"]);
    expect(await ids({ tag: "clinic-b" })).toEqual(["pi-b"]);
    expect(await ids({ status: "offline" })).toEqual(["pi-b"]);
    expect(await ids({ class: "raspberry-pi-4", status: "online" })).toEqual(["pi-a"]);
    expect(await ids({ class: "raspberry-pi-4", tag: "clinic-b", status: "online" })).toEqual([]);
    expect(await ids({ status: "sleeping" })).toHaveLength(5); // unknown state: no filter
  });
});
