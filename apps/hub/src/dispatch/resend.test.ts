import { newEnvelope } from "@edgeseg/protocol";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  ack,
  addDevice,
  campaign,
  type Harness,
  harness,
  jobRow,
  sentJob,
  setOnline,
} from "../testing/dispatch.ts";

let h: Harness;
beforeEach(async () => {
  h = await harness({ ackTimeoutMs: 30_000 });
  await addDevice(h, "dev-1", { online: true });
});
afterEach(() => h.dispose());

describe("re-sending unacknowledged jobs", () => {
  it("re-sends the same jobId, attempt and messageId when the device reconnects", async () => {
    const [jobId] = await campaign(h, ["dev-1"]);
    await h.dispatcher.tick();
    await setOnline(h, "dev-1", false);
    await h.dispatcher.tick();
    expect(h.sent.jobs).toHaveLength(1);
    h.clock.advance(5_000);
    await setOnline(h, "dev-1", true);
    const [first, again] = h.sent.jobs;
    expect(again).toMatchObject({
      jobId,
      attempt: 1,
      messageId: first?.messageId,
      sentAt: "2026-11-26T10:00:05.000Z",
    });
    expect(h.sent.jobs).toHaveLength(2);
    expect(await jobRow(h, jobId as string)).toMatchObject({ status: "delivered", attempts: 1 });
  });

  it("re-sends after the ack timeout, and not once acknowledged", async () => {
    const [jobId] = await campaign(h, ["dev-1"]);
    await h.dispatcher.tick();
    h.clock.advance(29_000);
    await h.dispatcher.tick();
    expect(h.sent.jobs).toHaveLength(1);
    h.clock.advance(1_000);
    await h.dispatcher.tick();
    expect(h.sent.jobs.map((j) => [j.jobId, j.attempt])).toEqual([
      [jobId, 1],
      [jobId, 1],
    ]);
    // The re-send restarts the ack clock.
    h.clock.advance(20_000);
    await h.dispatcher.tick();
    expect(h.sent.jobs).toHaveLength(2);

    await h.dispatcher.onAck(ack(sentJob(h, 0)));
    expect(await jobRow(h, jobId as string)).toMatchObject({
      status: "running",
      ackedAt: new Date(h.clock.t),
      startedAt: new Date(h.clock.t),
    });
    h.clock.advance(120_000);
    await h.dispatcher.tick();
    expect(h.sent.jobs).toHaveLength(2);
  });

  it("does not re-send to an offline device after the ack timeout", async () => {
    await campaign(h, ["dev-1"]);
    await h.dispatcher.tick();
    await setOnline(h, "dev-1", false);
    h.clock.advance(60_000);
    await h.dispatcher.tick();
    expect(h.sent.jobs).toHaveLength(1);
  });
});

describe("acks and progress", () => {
  it("ignores acks for another attempt or from another device, and repeated acks", async () => {
    await addDevice(h, "dev-2", { online: true });
    const [jobId] = await campaign(h, ["dev-1"]);
    await h.dispatcher.tick();
    const job = sentJob(h, 0);
    await h.dispatcher.onAck({ ...ack(job), attempt: 2 });
    await h.dispatcher.onAck({ ...ack(job), ...newEnvelope("dev-2") });
    expect((await jobRow(h, jobId as string)).status).toBe("delivered");
    await h.dispatcher.onAck(ack(job));
    const ackedAt = new Date(h.clock.t);
    h.clock.advance(1_000);
    await h.dispatcher.onAck(ack(job));
    expect(await jobRow(h, jobId as string)).toMatchObject({ status: "running", ackedAt });
  });

  it("fails a rejected job with the device's reason and sends the next", async () => {
    const [rejected, next] = await campaign(h, ["dev-1"], { modelIds: ["threshold-seg", "box-prompt"] });
    await h.dispatcher.tick();
    const job = sentJob(h, 0);
    await h.dispatcher.onAck(ack(job, "rejected", "dataset phantom-abdomen-v1 has another sha256"));
    expect(await jobRow(h, rejected as string)).toMatchObject({
      status: "failed",
      finishedAt: new Date(h.clock.t),
      lastError: "rejected by the device: dataset phantom-abdomen-v1 has another sha256",
    });
    expect(h.sent.jobs.map((j) => j.jobId)).toEqual([rejected, next]);
  });

  it("takes progress for a delivered attempt as its acceptance", async () => {
    const [jobId] = await campaign(h, ["dev-1"]);
    await h.dispatcher.tick();
    const job = sentJob(h, 0);
    const progress = {
      ...newEnvelope("dev-1"),
      jobId: job.jobId,
      attempt: 1,
      phase: "loading" as const,
      done: 0,
      total: 1,
    };
    await h.dispatcher.onProgress({ ...progress, attempt: 2 });
    expect((await jobRow(h, jobId as string)).status).toBe("delivered");
    await h.dispatcher.onProgress(progress);
    expect((await jobRow(h, jobId as string)).status).toBe("running");
  });
});
