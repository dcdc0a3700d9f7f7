import { createPublicKey, type KeyObject, sign, verify } from "node:crypto";
import type { ResultSignature } from "../mqtt/messages/result-message.ts";
import type { ResultDocument } from "../result.ts";
import { canonicalJson } from "./canonical-json.ts";
import { privateKeyObject, publicKeyObject, rawPublicKey, signingKeyId } from "./keys.ts";

/** Domain separation: these bytes can only ever be taken for a result signature of this version. */
export const RESULT_SIGNATURE_CONTEXT = "edgeseg/result-signature/v1";

/**
 * The bytes a device signs: canonical JSON (RFC 8785) of the context string, the publishing device's
 * id and the result document. The device id is inside the signature, so a result signed by one device
 * and published under another device's id fails verification even where both keys are known.
 */
export function resultSigningBytes(deviceId: string, result: ResultDocument): Buffer {
  return Buffer.from(canonicalJson({ context: RESULT_SIGNATURE_CONTEXT, deviceId, result }), "utf8");
}

/**
 * Signs a result document as `deviceId` with the device's Ed25519 private key (RFC 8032): its PKCS#8
 * PEM, or the key object made from it once (a long-lived agent parses the PEM at start only).
 */
export function signResult(
  deviceId: string,
  result: ResultDocument,
  privateKey: string | KeyObject,
): ResultSignature {
  const key = typeof privateKey === "string" ? privateKeyObject(privateKey) : privateKey;
  const value = sign(null, resultSigningBytes(deviceId, result), key).toString("base64url");
  return { alg: "ed25519", keyId: signingKeyId(rawPublicKey(createPublicKey(key))), value };
}

export type SignatureCheck = { ok: true } | { ok: false; reason: string };

/**
 * Checks a result's signature against the public key the hub stored for `deviceId` at enrolment. The
 * reasons name what did not match, for the hub's log.
 */
export function verifyResultSignature(
  deviceId: string,
  result: ResultDocument,
  signature: ResultSignature,
  publicKey: string,
): SignatureCheck {
  const expectedId = signingKeyId(publicKey);
  if (signature.keyId !== expectedId) {
    return {
      ok: false,
      reason: `signed with key ${signature.keyId}, but device ${deviceId} enrolled with key ${expectedId}`,
    };
  }
  const good = verify(
    null,
    resultSigningBytes(deviceId, result),
    publicKeyObject(publicKey),
    Buffer.from(signature.value, "base64url"),
  );
  return good
    ? { ok: true }
    : { ok: false, reason: `the signature does not match the result as received for device ${deviceId}` };
}
