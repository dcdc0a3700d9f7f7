import { createDb, type Db } from "@edgeseg/db";
import { afterEach, beforeEach, expect, it } from "vitest";
import { addDevice, campaign, type Harness, harness, recorder, silent } from "../testing/dispatch.ts";
import { createDispatcher } from "./index.ts";
import type { Dispatcher } from "./types.ts";

/** A second hub: its own database connection to the same SQLite file, its own publisher. */
let h: Harness;
let otherDb: Db;
let other: Dispatcher;
let otherSent: ReturnType<typeof recorder>;
const DEVICES = ["dev-a", "dev-b", "dev-c", "dev-d", "dev-e", "dev-f"];

beforeEach(async () => {
  h = await harness({ ackTimeoutMs: 30_000 });
  otherDb = await createDb({ url: h.env.url });
  otherSent = recorder();
  other = createDispatcher({
    db: otherDb,
    publish: otherSent.publish,
    logger: silent,
    now: () => new Date(h.clock.t),
    ackTimeoutMs: 30_000,
    tickIntervalMs: 0,
  });
  for (const id of DEVICES) await addDevice(h, id, { online: true });
  await campaign(h, DEVICES, { modelIds: ["threshold-seg", "box-prompt"] });
  await campaign(h, DEVICES);
});
afterEach(async () => {
  other.close();
  await otherDb.close();
  await h.dispose();
});

const allJobs = () => [...h.sent.jobs, ...otherSent.jobs];

it("two dispatchers ticking at once send each device exactly one job, and no job twice", async () => {
  await Promise.all([h.dispatcher.tick(), other.tick()]);
  const sent = allJobs();
  expect(sent.map((j) => j.deviceId).sort()).toEqual(DEVICES);
  expect(new Set(sent.map((j) => j.jobId)).size).toBe(DEVICES.length);
  const delivered = await h.env.db.prisma.job.findMany({ where: { status: "delivered" } });
  expect(delivered.map((j) => j.id).sort()).toEqual(sent.map((j) => j.jobId).sort());
  expect(delivered.every((j) => j.attempts === 1)).toBe(true);

  // Busy devices get nothing more, however often both tick or hear of a reconnect.
  await Promise.all([h.dispatcher.tick(), other.tick(), h.dispatcher.tick(), other.tick()]);
  expect(allJobs()).toHaveLength(DEVICES.length);

  // An overdue ack is re-sent once between the two.
  const [mine, theirs] = [h.sent.jobs.length, otherSent.jobs.length];
  h.clock.advance(30_000);
  await Promise.all([h.dispatcher.tick(), other.tick()]);
  const resent = [...h.sent.jobs.slice(mine), ...otherSent.jobs.slice(theirs)];
  expect(resent.map((j) => j.jobId).sort()).toEqual(sent.map((j) => j.jobId).sort());
});

it("two dispatchers told of the same reconnect send the device one job", async () => {
  await h.env.db.prisma.device.updateMany({ data: { online: false } });
  await Promise.all([h.dispatcher.tick(), other.tick()]);
  expect(allJobs()).toEqual([]);
  await h.env.db.prisma.device.update({ where: { id: "dev-c" }, data: { online: true } });
  await Promise.all([h.dispatcher.onDeviceOnline("dev-c"), other.onDeviceOnline("dev-c")]);
  expect(allJobs().map((j) => [j.deviceId, j.attempt])).toEqual([["dev-c", 1]]);
});
