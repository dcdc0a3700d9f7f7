import { readFileSync } from "node:fs";
import { join } from "node:path";
import { sha256Bytes } from "@edgeseg/engine-core";
import { DATASET_SHA256 } from "@edgeseg/registry/testing";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
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
import { jobMessageId } from "./message-id.ts";

let h: Harness;
beforeEach(async () => {
  h = await harness();
});
afterEach(() => h.dispose());

describe("dispatch", () => {
  it("sends queued jobs only to online devices, and to a device when it comes online", async () => {
    await addDevice(h, "dev-on", { online: true });
    await addDevice(h, "dev-off");
    // Job ids come back in device-id order.
    const [offJob, onJob] = await campaign(h, ["dev-on", "dev-off"]);
    await h.dispatcher.tick();
    expect(h.sent.jobs.map((j) => [j.deviceId, j.jobId])).toEqual([["dev-on", onJob]]);
    expect((await jobRow(h, offJob as string)).status).toBe("queued");

    await setOnline(h, "dev-off", true);
    expect(h.sent.jobs.map((j) => [j.deviceId, j.jobId])).toEqual([
      ["dev-on", onJob],
      ["dev-off", offJob],
    ]);
    expect(await jobRow(h, offJob as string)).toMatchObject({ status: "delivered", attempts: 1 });
  });

  it("does not send to a disabled device even when it is connected", async () => {
    await addDevice(h, "dev-1", { online: true });
    await campaign(h, ["dev-1"]);
    await h.env.db.prisma.device.update({ where: { id: "dev-1" }, data: { status: "disabled" } });
    await h.dispatcher.tick();
    expect(h.sent.jobs).toEqual([]);
  });

  it("sends one job at a time per device, oldest first", async () => {
    await addDevice(h, "dev-1", { online: true });
    const first = await campaign(h, ["dev-1"], { modelIds: ["threshold-seg", "box-prompt"], name: "first" });
    const second = await campaign(h, ["dev-1"], { name: "second" });
    const order = [...first, ...second];

    await h.dispatcher.tick();
    await h.dispatcher.tick();
    expect(h.sent.jobs.map((j) => j.jobId)).toEqual([order[0]]);

    for (let i = 0; i < order.length; i++) {
      const job = sentJob(h, i);
      expect(job.jobId).toBe(order[i]);
      await h.dispatcher.onAck(ack(job));
      await h.dispatcher.tick();
      expect(h.sent.jobs).toHaveLength(i + 1);
      await h.dispatcher.onResult(job.jobId, "succeeded");
    }
    expect(h.sent.jobs.map((j) => j.jobId)).toEqual(order);
    const campaigns = await h.env.db.prisma.campaign.findMany({ select: { status: true } });
    expect(campaigns.map((c) => c.status)).toEqual(["completed", "completed"]);
  });

  it("builds the job message from the model, suite and campaign rows", async () => {
    await addDevice(h, "dev-1", { online: true });
    const [jobId] = await campaign(h, ["dev-1"], { modelIds: ["box-prompt"], timeoutMs: 600_000 });
    await h.dispatcher.tick();
    const job = sentJob(h, 0);
    const file = (f: string) => readFileSync(join(h.env.dir, "models/box-prompt", f));
    const manifestSha = sha256Bytes(file("manifest.json"));
    const suiteSha = sha256Bytes(readFileSync(join(h.env.dir, "suite.json")));
    const ref = (role: string, f: string) => {
      const sha256 = sha256Bytes(file(f));
      return { role, sha256, size: file(f).length, urlPath: `/api/artifacts/${sha256}` };
    };
    expect(job).toMatchObject({
      deviceId: "dev-1",
      jobId,
      attempt: 1,
      messageId: jobMessageId(jobId as string, 1),
      sentAt: "2026-11-26T10:00:00.000Z",
      model: {
        id: "box-prompt",
        manifestSha256: manifestSha,
        artifacts: [
          ref("manifest", "manifest.json"),
          ref("encoder", "encoder.onnx"),
          ref("decoder", "decoder.onnx"),
        ],
      },
      suite: { id: "test-suite", version: "1", sha256: suiteSha },
      dataset: { id: "phantom-abdomen-v1", sha256: DATASET_SHA256 },
      scenarioOverrides: { maxCases: 1 },
      timeoutMs: 600_000,
    });
    // Artifacts are served from the store by the same hash.
    for (const a of job.model.artifacts) {
      expect(sha256Bytes(readFileSync(join(h.env.artifactsDir, a.sha256)))).toBe(a.sha256);
    }
  });

  it("fails a job whose model files are gone from the store and moves on to the next", async () => {
    await addDevice(h, "dev-1", { online: true });
    const [broken, next] = await campaign(h, ["dev-1"], { modelIds: ["box-prompt", "threshold-seg"] });
    const row = await jobRow(h, broken as string);
    const model = await h.env.db.prisma.model.findFirstOrThrow({ where: { id: row.modelId } });
    const graphs = (model.manifest as { graphs: Record<string, { sha256: string }> }).graphs;
    await h.env.db.prisma.artifact.delete({ where: { sha256: graphs.decoder?.sha256 as string } });
    await h.dispatcher.tick();
    expect(await jobRow(h, broken as string)).toMatchObject({
      status: "failed",
      lastError: expect.stringContaining("artifact(s) decoder missing"),
    });
    expect(h.sent.jobs.map((j) => j.jobId)).toEqual([next]);
  });
});

describe("campaign state and the timer", () => {
  it("sends nothing from a campaign that is not active", async () => {
    await addDevice(h, "dev-1", { online: true });
    const [jobId] = await campaign(h, ["dev-1"]);
    const { campaignId } = await jobRow(h, jobId as string);
    await h.env.db.prisma.campaign.update({ where: { id: campaignId }, data: { status: "draft" } });
    await h.dispatcher.tick();
    await h.dispatcher.onDeviceOnline("dev-1");
    expect(h.sent.jobs).toEqual([]);
    await h.env.db.prisma.campaign.update({ where: { id: campaignId }, data: { status: "active" } });
    await h.dispatcher.tick();
    expect(h.sent.jobs.map((j) => j.jobId)).toEqual([jobId]);
  });

  it("lets a result close only the publishing device's job", async () => {
    await addDevice(h, "dev-1", { online: true });
    await addDevice(h, "dev-2", { online: true });
    const [jobId] = await campaign(h, ["dev-1"]);
    await h.dispatcher.tick();
    await h.dispatcher.onResult(jobId as string, "failed", "dev-2");
    expect((await jobRow(h, jobId as string)).status).toBe("delivered");
    await h.dispatcher.onResult(jobId as string, "failed", "dev-1");
    expect((await jobRow(h, jobId as string)).status).toBe("failed");
  });

  it("ticks by itself every tickIntervalMs until closed", async () => {
    const timed = await harness({ tickIntervalMs: 20 });
    try {
      await addDevice(timed, "dev-1", { online: true });
      const [first, second] = await campaign(timed, ["dev-1"], { modelIds: ["threshold-seg", "box-prompt"] });
      await vi.waitFor(() => expect(timed.sent.jobs.map((j) => j.jobId)).toEqual([first]));
      timed.dispatcher.close();
      await timed.env.db.prisma.job.update({ where: { id: first as string }, data: { status: "succeeded" } });
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(timed.sent.jobs).toHaveLength(1);
      expect((await jobRow(timed, second as string)).status).toBe("queued");
    } finally {
      await timed.dispose();
    }
  });
});
