import { AppError, type ResultMessage } from "@edgeseg/protocol";
import { verifyResultSignature } from "@edgeseg/protocol/crypto";
import type { DeviceRecord } from "./device-gate.ts";

/** What storing a result learns from its signature (packages/db ResultContext's fields). */
export interface SignatureOutcome {
  /** The verified signature, kept with the result. */
  signature?: string;
  /** Set for a result that could not be verified: stored, never ranked. */
  unrankable?: string;
}

export const UNSIGNED_REASON =
  "unverified: sent without a signature by an agent that enrolled no signing key";

/**
 * Checks a result's signature before it is stored (docs/security.md, "Signed results"). A device that
 * enrolled a key must sign: a missing or wrong signature means the message was altered in transit or
 * published under the device's id by someone else, and the result is refused (an INTEGRITY AppError,
 * which ingest logs and drops). A device enrolled by an older agent has no key: its results are kept,
 * marked unverified, and never ranked.
 */
export function checkResultSignature(
  deviceId: string,
  device: DeviceRecord,
  msg: ResultMessage,
): SignatureOutcome {
  const resultId = msg.result.resultId;
  if (device.signingKey === null) return { unrankable: UNSIGNED_REASON };
  if (msg.signature === undefined) {
    throw new AppError(
      "INTEGRITY",
      `result ${resultId} refused: device ${deviceId} enrolled a signing key but the result is unsigned (stripped in transit, or not published by its agent)`,
    );
  }
  const check = verifyResultSignature(deviceId, msg.result, msg.signature, device.signingKey);
  if (!check.ok) throw new AppError("INTEGRITY", `result ${resultId} refused: ${check.reason}`);
  return { signature: msg.signature.value };
}
