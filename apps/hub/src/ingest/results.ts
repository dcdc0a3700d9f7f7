import { upsertResult } from "@edgeseg/db";
import type { ResultMessage } from "@edgeseg/protocol";
import type { IngestContext } from "./context.ts";
import type { DeviceRecord } from "./device-gate.ts";
import { checkResultSignature } from "./result-signature.ts";

/**
 * results: stored once per resultId (a re-delivery changes nothing and is only logged at debug), with
 * its job closed by the result's status. The device class is the one the hub holds for the device,
 * falling back to the class the agent detected.
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
  const jobId = msg.jobId ?? undefined;
  const deviceClassId = device.deviceClassId ?? doc.device.deviceClass.id;
  const outcome = await upsertResult(ctx.db, doc, { deviceId, deviceClassId, jobId, ...signed });
  const log = ctx.logger.child({ deviceId, jobId, resultId: doc.resultId });
  if (!outcome.created) {
    log.debug("result re-delivered; already stored");
    return;
  }
  log.info({ status: doc.status, verdict: doc.validity.verdict, job: outcome.job }, "result stored");
  if (outcome.job === "missing" || outcome.job === "other-device" || outcome.job === "already-linked") {
    log.warn({ job: outcome.job }, "result kept, but not linked to its job");
  }
  if (jobId === undefined) return;
  ctx.progress.clear(jobId);
  // The dispatcher frees the device for its next job; never for a job another device holds.
  if (outcome.job === "linked" || outcome.job === "already-linked")
    ctx.call("onResult", jobId, doc.status, deviceId);
}
