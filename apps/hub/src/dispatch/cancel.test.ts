import { upsertResult } from "@edgeseg/db";
import { exampleResultDocument } from "@edgeseg/protocol";
import { cancelCampaign } from "@edgeseg/registry";
import { afterEach, beforeEach, expect, it } from "vitest";
import { ack, addDevice, campaign, type Harness, harness, jobRow, sentJob } from "../testing/dispatch.ts";

let h: Harness;
beforeEach(async () => {
  h = await harness();
  await addDevice(h, "dev-1", { online: true, classId: "rpi4-4gb" });
});
afterEach(() => h.dispose());

it("cancels a running job: cancel-job to the device, next job sent, a late result does not resurrect it", async () => {
  const [cancelled, next] = (await campaign(h, ["dev-1"], { modelIds: ["threshold-seg", "box-prompt"] })) as [
    string,
    string,
  ];
  await h.dispatcher.tick();
  await h.dispatcher.onAck(ack(sentJob(h, 0)));
  await h.dispatcher.cancelJob(cancelled);

  expect(h.sent.commands).toMatchObject([
    { deviceId: "dev-1", command: "cancel-job", args: { jobId: cancelled, attempt: 1 } },
  ]);
  expect(await jobRow(h, cancelled)).toMatchObject({ status: "cancelled", finishedAt: new Date(h.clock.t) });
  expect(h.sent.jobs.map((j) => j.jobId)).toEqual([cancelled, next]);

  // The result still arrives through ingest: stored and linked, the job stays cancelled.
  const stored = await upsertResult(h.env.db, exampleResultDocument, {
    deviceId: "dev-1",
    deviceClassId: "rpi4-4gb",
    jobId: cancelled,
  });
  expect(stored).toEqual({ created: true, job: "linked" });
  await h.dispatcher.onResult(cancelled, "succeeded");
  expect((await jobRow(h, cancelled)).status).toBe("cancelled");
  // And the device's current job is not disturbed.
  expect((await jobRow(h, next)).status).toBe("delivered");
  expect(h.sent.jobs).toHaveLength(2);
});

it("cancels a queued job without telling any device, and is idempotent", async () => {
  await addDevice(h, "dev-2");
  const [jobId] = (await campaign(h, ["dev-2"])) as [string];
  await h.dispatcher.cancelJob(jobId);
  await h.dispatcher.cancelJob(jobId);
  expect((await jobRow(h, jobId)).status).toBe("cancelled");
  await h.env.db.prisma.device.update({ where: { id: "dev-2" }, data: { online: true } });
  await h.dispatcher.onDeviceOnline("dev-2");
  expect(h.sent.jobs).toEqual([]);
  expect(h.sent.commands).toEqual([]);
  await expect(h.dispatcher.cancelJob("no-such-job")).rejects.toMatchObject({ code: "NOT_FOUND" });
});

it("finishes a campaign cancelled elsewhere on the next tick", async () => {
  await addDevice(h, "dev-2", { online: true });
  const jobIds = await campaign(h, ["dev-1", "dev-2"], { modelIds: ["threshold-seg", "box-prompt"] });
  await h.dispatcher.tick();
  expect(h.sent.jobs).toHaveLength(2);
  await h.dispatcher.onAck(ack(sentJob(h, 0)));

  const campaignId = (await jobRow(h, jobIds[0] as string)).campaignId;
  expect(await cancelCampaign(h.env.db, campaignId)).toMatchObject({
    cancelledQueued: 2,
    pendingOnDevices: 2,
  });
  await h.dispatcher.tick();
  expect(
    h.sent.commands.map((c) => [c.deviceId, c.command, "jobId" in c.args ? c.args.jobId : null]).sort(),
  ).toEqual(h.sent.jobs.map((j) => [j.deviceId, "cancel-job", j.jobId]).sort());
  const statuses = await h.env.db.prisma.job.findMany({ select: { status: true } });
  expect(statuses.every((j) => j.status === "cancelled")).toBe(true);
  expect((await h.env.db.prisma.campaign.findUniqueOrThrow({ where: { id: campaignId } })).status).toBe(
    "cancelled",
  );
  expect(h.sent.jobs).toHaveLength(2);
});
