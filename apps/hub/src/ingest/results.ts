import { AppError, type ResultMessage } from "@edgeseg/protocol";
import type { IngestContext } from "./context.ts";
import type { DeviceRecord } from "./device-gate.ts";
import { checkResultSignature } from "./result-signature.ts";

/**
 * How far ahead of the hub's clock a result's createdAt may be. A device's clock may be wrong by a
 * time zone (up to 14 h) when set by hand; a result from further in the future cannot be a measurement.
 */
export const MAX_CLOCK_SKEW_MS = 24 * 3_600_000;

/**
 * results: stored once per resultId (a re-delivery changes nothing and is only logged at debug), with
 * its job closed by the result's status. The device class is the one the hub holds for the device,
 * falling back to the class the agent detected. Whether it is ranked is decided in the same
 * transaction (@edgeseg/db linkJob) and logged with it.
 */
export async function onResult(
  ctx: IngestContext,
  deviceId: string,
  device: DeviceRecord,
  msg: ResultMessage,
): Promise<void> {
  // First: a result whose signature does not hold is refused before anything is stored.
  const signed = checkResultSignature(deviceId, device, msg);
  const doc = msg.result;
  const ahead = Date.parse(doc.createdAt) - ctx.now().getTime();
  if (ahead > MAX_CLOCK_SKEW_MS) {
    throw new AppError(
      "INPUT",
      `result ${doc.resultId} refused: createdAt ${doc.createdAt} is ${Math.round(ahead / 3_600_000)} h ahead of the hub's clock (at most ${MAX_CLOCK_SKEW_MS / 3_600_000} h); set the device's clock (NTP)`,
    );
  }
  const jobId = msg.jobId ?? undefined;
  const deviceClassId = device.deviceClassId ?? doc.device.deviceClass.id;
  // Answered once its batch has committed (result-writer.ts): the PUBACK follows only then.
  const outcome = await ctx.results.store({ doc, ctx: { deviceId, deviceClassId, jobId, ...signed } });
  if (!outcome.ok) throw outcome.error;
  const log = ctx.logger.child({ deviceId, jobId, resultId: doc.resultId });
  if (!outcome.created) {
    const stored = await ctx.db.prisma.result.findUnique({
      where: { id: doc.resultId },
      select: { deviceId: true },
    });
    if (stored && stored.deviceId !== deviceId) {
      // resultIds are random UUIDs: a collision across devices is a replay, a copied spool or a bug.
      log.warn(
        { storedDeviceId: stored.deviceId },
        `resultId collision: device ${deviceId} sent result ${doc.resultId}, already stored for device ${stored.deviceId}; the stored result is kept, this one dropped`,
      );
      ctx.receipts.add(deviceId, doc.resultId, "refused");
    } else {
      // The same device again (its spool re-sent it, the broker re-delivered it): answered as stored.
      log.debug("result re-delivered; already stored");
      ctx.receipts.add(deviceId, doc.resultId, "stored");
    }
    return;
  }
  // Committed (the writer answers only after its batch's transaction): the device may drop it now.
  ctx.receipts.add(deviceId, doc.resultId, "stored");
  const review = outcome.review ? (JSON.parse(outcome.review) as string[]) : null;
  log.info(
    {
      status: doc.status,
      verdict: doc.validity.verdict,
      job: outcome.job,
      rankable: outcome.rankable,
      ...(outcome.unrankedReason ? { unrankedReason: outcome.unrankedReason } : {}),
      ...(review ? { review } : {}),
    },
    "result stored",
  );
  if (outcome.job === "missing" || outcome.job === "other-device" || outcome.job === "already-linked") {
    log.warn({ job: outcome.job }, "result kept, but not linked to its job");
  }
  if (review) log.warn({ review }, "result flagged for review");
  if (jobId === undefined) return;
  ctx.progress.clear(jobId);
  // The dispatcher frees the device for its next job; never for a job another device holds.
  if (outcome.job === "linked" || outcome.job === "already-linked")
    ctx.call("onResult", jobId, doc.status, deviceId);
}
