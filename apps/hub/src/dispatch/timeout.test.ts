import { afterEach, beforeEach, expect, it } from "vitest";
import { ack, addDevice, campaign, type Harness, harness, jobRow, sentJob } from "../testing/dispatch.ts";
import { jobMessageId } from "./message-id.ts";

const TIMEOUT = 600_000;
const GRACE = 60_000;

let h: Harness;
beforeEach(async () => {
  h = await harness({ timeoutGraceMs: GRACE, ackTimeoutMs: 30_000 });
  await addDevice(h, "dev-1", { online: true });
});
afterEach(() => h.dispose());

it("re-queues a timed-out run as the next attempt until maxAttempts, then ends it as timed_out", async () => {
  const [jobId] = (await campaign(h, ["dev-1"], { maxAttempts: 2, timeoutMs: TIMEOUT })) as [string];
  await h.dispatcher.tick();
  await h.dispatcher.onAck(ack(sentJob(h, 0)));

  h.clock.advance(TIMEOUT + GRACE - 1);
  await h.dispatcher.tick();
  expect((await jobRow(h, jobId)).status).toBe("running");

  h.clock.advance(1);
  await h.dispatcher.tick();
  const second = sentJob(h, 1);
  expect(second).toMatchObject({ jobId, attempt: 2, messageId: jobMessageId(jobId, 2) });
  expect(second.messageId).not.toBe(sentJob(h, 0).messageId);
  expect(h.sent.commands.map((c) => [c.command, c.args])).toEqual([["cancel-job", { jobId, attempt: 1 }]]);
  expect(await jobRow(h, jobId)).toMatchObject({
    status: "delivered",
    attempts: 2,
    lastError: `attempt 1 ran past its ${TIMEOUT} ms timeout without a result`,
  });

  // A late answer for the first attempt changes nothing.
  await h.dispatcher.onAck(ack(sentJob(h, 0)));
  expect((await jobRow(h, jobId)).status).toBe("delivered");

  await h.dispatcher.onAck(ack(second));
  h.clock.advance(TIMEOUT + GRACE);
  await h.dispatcher.tick();
  expect(await jobRow(h, jobId)).toMatchObject({
    status: "timed_out",
    attempts: 2,
    finishedAt: new Date(h.clock.t),
    lastError: `attempt 2 ran past its ${TIMEOUT} ms timeout without a result`,
  });
  expect(h.sent.jobs).toHaveLength(2);
  expect(h.sent.commands.map((c) => c.args)).toEqual([
    { jobId, attempt: 1 },
    { jobId, attempt: 2 },
  ]);

  h.clock.advance(10 * TIMEOUT);
  await h.dispatcher.tick();
  expect(h.sent.jobs).toHaveLength(2);
  expect((await h.env.db.prisma.campaign.findFirstOrThrow()).status).toBe("completed");

  // A result that arrives after all proves the run happened.
  await h.dispatcher.onResult(jobId, "succeeded");
  expect((await jobRow(h, jobId)).status).toBe("succeeded");
});

it("does not time out a delivered job that was never acknowledged", async () => {
  const [jobId] = (await campaign(h, ["dev-1"], { maxAttempts: 1, timeoutMs: TIMEOUT })) as [string];
  await h.dispatcher.tick();
  h.clock.advance(TIMEOUT + GRACE + 1);
  await h.dispatcher.tick();
  expect(await jobRow(h, jobId)).toMatchObject({ status: "delivered", attempts: 1 });
});
