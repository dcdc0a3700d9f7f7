import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  ack,
  addDevice,
  campaign,
  type Harness,
  harness,
  jobRow,
  recorder,
  sentJob,
  silent,
} from "../testing/dispatch.ts";
import { createDispatcher } from "./index.ts";
import type { Dispatcher } from "./types.ts";

// Two dispatchers (two hubs) on one database and one clock: the harness's as hub-a, a second as hub-b.
let h: Harness;
let b: Dispatcher;
let bSent: ReturnType<typeof recorder>;
beforeEach(async () => {
  h = await harness({ hubId: "hub-a", leaseMs: 20_000, ackTimeoutMs: 60_000 });
  bSent = recorder();
  b = createDispatcher({
    db: h.env.db,
    publish: bSent.publish,
    logger: silent,
    now: () => new Date(h.clock.t),
    tickIntervalMs: 0,
    hubId: "hub-b",
    leaseMs: 20_000,
    ackTimeoutMs: 60_000,
  });
  await addDevice(h, "dev-1", { online: true });
});
afterEach(async () => {
  b.close();
  await h.dispose();
});

describe("dispatch leases with two hubs", () => {
  it("the delivering hub holds the lease; only it re-sends on reconnect while it renews", async () => {
    const [jobId] = await campaign(h, ["dev-1"]);
    await h.dispatcher.tick();
    expect(await jobRow(h, jobId as string)).toMatchObject({
      status: "delivered",
      leaseOwner: "hub-a",
      leaseExpiresAt: new Date(h.clock.t + 20_000),
    });
    await b.tick();
    expect(bSent.jobs).toHaveLength(0);
    // Both hubs see the device come back (presence is read by every hub): only hub-a re-sends.
    h.clock.advance(10_000);
    await h.dispatcher.onDeviceOnline("dev-1");
    await b.onDeviceOnline("dev-1");
    expect(h.sent.jobs).toHaveLength(2);
    expect(bSent.jobs).toHaveLength(0);
    // hub-a's tick renews the lease; hub-b's tick past the first expiry still leaves it alone.
    await h.dispatcher.tick();
    h.clock.advance(15_000);
    await b.tick();
    expect(bSent.jobs).toHaveLength(0);
    expect((await jobRow(h, jobId as string)).leaseOwner).toBe("hub-a");
  });

  it("a hub that stops renewing loses its delivered job to the other, which re-sends the same attempt", async () => {
    const [jobId] = await campaign(h, ["dev-1"]);
    await h.dispatcher.tick();
    h.dispatcher.close(); // hub-a dies
    h.clock.advance(19_000);
    await b.tick();
    expect(bSent.jobs).toHaveLength(0);
    h.clock.advance(2_000);
    await b.tick();
    expect(bSent.jobs.map((j) => [j.jobId, j.attempt, j.messageId])).toEqual([
      [jobId, 1, h.sent.jobs[0]?.messageId],
    ]);
    expect(await jobRow(h, jobId as string)).toMatchObject({
      status: "delivered",
      attempts: 1,
      leaseOwner: "hub-b",
    });
  });

  it("takes over a running job whose lease expired, and clears the lease when the job finishes", async () => {
    const [jobId] = await campaign(h, ["dev-1"]);
    const [next] = await campaign(h, ["dev-1"], { name: "second" });
    await h.dispatcher.tick();
    await h.dispatcher.onAck(ack(sentJob(h, 0)));
    expect((await jobRow(h, jobId as string)).status).toBe("running");
    h.dispatcher.close(); // hub-a dies
    h.clock.advance(21_000);
    await b.tick();
    expect((await jobRow(h, jobId as string)).leaseOwner).toBe("hub-b");
    expect(bSent.jobs).toHaveLength(0);
    await b.onResult(jobId as string, "succeeded", "dev-1");
    expect(await jobRow(h, jobId as string)).toMatchObject({
      status: "succeeded",
      leaseOwner: null,
      leaseExpiresAt: null,
    });
    // The device's next job is delivered, and leased, by the hub that took the result.
    expect(await jobRow(h, next as string)).toMatchObject({ status: "delivered", leaseOwner: "hub-b" });
  });

  it("never gives one device two jobs, whichever hub claims", async () => {
    await campaign(h, ["dev-1"]);
    await campaign(h, ["dev-1"], { name: "second" });
    await Promise.all([
      h.dispatcher.tick(),
      b.tick(),
      h.dispatcher.onDeviceOnline("dev-1"),
      b.onDeviceOnline("dev-1"),
    ]);
    const onDevice = await h.env.db.prisma.job.count({
      where: { deviceId: "dev-1", status: { in: ["delivered", "running"] } },
    });
    expect(onDevice).toBe(1);
    expect(h.sent.jobs.length + bSent.jobs.length).toBe(1);
  });
});
