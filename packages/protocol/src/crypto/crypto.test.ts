import { generateKeyPairSync } from "node:crypto";
import { describe, expect, it } from "vitest";
import { exampleResultDocument } from "../mqtt/examples/result-document.ts";
import { resultMessageSchema } from "../mqtt/messages/result-message.ts";
import type { ResultDocument } from "../result.ts";
import { normalizeCaFingerprint } from "./ca-fingerprint.ts";
import { canonicalJson } from "./canonical-json.ts";
import { generateSigningKeyPair, rawPublicKey, signingKeyId } from "./keys.ts";
import { resultSigningBytes, signResult, verifyResultSignature } from "./result-signature.ts";

/** The same value with every object's members in reverse order, as another JSON writer might send it. */
function reversed(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reversed);
  if (value === null || typeof value !== "object") return value;
  return Object.fromEntries(
    Object.entries(value)
      .reverse()
      .map(([k, v]) => [k, reversed(v)]),
  );
}

describe("canonical JSON (RFC 8785)", () => {
  it("sorts members by UTF-16 code units at every depth and writes no whitespace", () => {
    // RFC 8785 section 3.2.3's own example of key order: "\r" < "1" < "\u0080" < "\u00f6" < "\u20ac" < "\ud83d\ude00" < "\ufb33".
    const keys = { "\u20ac": 5, "\r": 1, "\ufb33": 7, "1": 2, "\ud83d\ude00": 6, "\u0080": 3, "\u00f6": 4 };
    expect(canonicalJson(keys)).toBe(
      '{"\\r":1,"1":2,"\u0080":3,"\u00f6":4,"\u20ac":5,"\ud83d\ude00":6,"\ufb33":7}',
    );
    expect(canonicalJson({ b: [3, { z: null, a: true }], a: "x" })).toBe(
      '{"a":"x","b":[3,{"a":true,"z":null}]}',
    );
  });

  it("writes numbers as ECMAScript does (RFC 8785 appendix B) and refuses what JSON cannot hold", () => {
    expect(canonicalJson([1e21, 1e-7, 0.1 + 0.2, -0, 333333333.3333333, 5e-324])).toBe(
      "[1e+21,1e-7,0.30000000000000004,0,333333333.3333333,5e-324]",
    );
    expect(() => canonicalJson({ a: Number.NaN })).toThrow(/NaN is not a JSON number/);
    expect(() => canonicalJson({ a: 1n })).toThrow(/bigint has no JSON form/);
    // A member whose value is undefined has no JSON form either: left out, as JSON.stringify does.
    expect(canonicalJson({ a: undefined, b: 1 })).toBe('{"b":1}');
  });

  it("gives the same bytes for a document whatever order its members arrived in", () => {
    const reordered = reversed(exampleResultDocument);
    expect(JSON.stringify(reordered)).not.toBe(JSON.stringify(exampleResultDocument));
    expect(canonicalJson(reordered)).toBe(canonicalJson(exampleResultDocument));
    const roundTrip = JSON.parse(JSON.stringify(exampleResultDocument)) as ResultDocument;
    expect(canonicalJson(roundTrip)).toBe(canonicalJson(exampleResultDocument));
  });
});

describe("result signatures (Ed25519)", () => {
  const deviceA = "pi4-clinic-a";
  const deviceB = "pi4-clinic-b";
  const a = generateSigningKeyPair();
  const b = generateSigningKeyPair();
  const doc = exampleResultDocument;

  it("a valid signature verifies, and travels in a result message the schema accepts", () => {
    const signature = signResult(deviceA, doc, a.privateKeyPem);
    expect(signature.alg).toBe("ed25519");
    expect(signature.keyId).toBe(signingKeyId(a.publicKey));
    expect(signature.value).toHaveLength(86);
    expect(verifyResultSignature(deviceA, doc, signature, a.publicKey)).toEqual({ ok: true });
    const message = {
      protocolVersion: 1,
      messageId: "0b5a2f9c-1d3e-4f5a-8b7c-9d0e1f2a3b4c",
      sentAt: "2026-11-26T10:42:18.000Z",
      deviceId: deviceA,
      jobId: null,
      attempt: null,
      result: doc,
      signature,
    };
    expect(resultMessageSchema.parse(message).signature).toEqual(signature);
    // A signature over a document received with its members in another order still verifies.
    const reordered = reversed(doc) as ResultDocument;
    expect(verifyResultSignature(deviceA, reordered, signature, a.publicKey)).toEqual({ ok: true });
  });

  it("an altered result fails: one digit of one latency, one organ's score", () => {
    const signature = signResult(deviceA, doc, a.privateKeyPem);
    const faster = structuredClone(doc);
    faster.timing!.perCase.meanMs -= 0.001;
    expect(verifyResultSignature(deviceA, faster, signature, a.publicKey)).toEqual({
      ok: false,
      reason: `the signature does not match the result as received for device ${deviceA}`,
    });
    const better = structuredClone(doc);
    better.accuracy!.meanDice = 0.9999;
    expect(verifyResultSignature(deviceA, better, signature, a.publicKey).ok).toBe(false);
  });

  it("a result replayed under another device's id fails, even when that device's key is the same", () => {
    const signature = signResult(deviceA, doc, a.privateKeyPem);
    // Published by B: the hub checks against B's key, and the key ids differ.
    expect(verifyResultSignature(deviceB, doc, signature, b.publicKey)).toEqual({
      ok: false,
      reason: `signed with key ${signingKeyId(a.publicKey)}, but device ${deviceB} enrolled with key ${signingKeyId(b.publicKey)}`,
    });
    // Even a (misconfigured) device B holding A's very key cannot reuse A's signature: the id is signed.
    const check = verifyResultSignature(deviceB, doc, signature, a.publicKey);
    expect(check.ok).toBe(false);
    expect(resultSigningBytes(deviceA, doc).equals(resultSigningBytes(deviceB, doc))).toBe(false);
  });

  it("a signature by the wrong device's key fails, even under a forged key id", () => {
    const byB = signResult(deviceA, doc, b.privateKeyPem);
    expect(verifyResultSignature(deviceA, doc, byB, a.publicKey).ok).toBe(false);
    const forgedId = { ...byB, keyId: signingKeyId(a.publicKey) };
    expect(verifyResultSignature(deviceA, doc, forgedId, a.publicKey)).toEqual({
      ok: false,
      reason: `the signature does not match the result as received for device ${deviceA}`,
    });
  });

  it("keys: raw public key round-trips, another curve is refused", () => {
    expect(a.publicKey).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(a.privateKeyPem).toContain("BEGIN PRIVATE KEY");
    const ec = generateKeyPairSync("ec", { namedCurve: "P-256" });
    expect(() => rawPublicKey(ec.publicKey)).toThrow(/not an Ed25519 public key/);
    const ecPem = ec.privateKey.export({ type: "pkcs8", format: "pem" }).toString();
    expect(() => signResult(deviceA, doc, ecPem)).toThrow(/an ec key, not Ed25519/);
  });
});

describe("CA fingerprints as people paste them", () => {
  const hex = "ab".repeat(32);
  it("accepts sha256:hex, bare hex and openssl's colon form; refuses anything else", () => {
    expect(normalizeCaFingerprint(`sha256:${hex}`)).toBe(`sha256:${hex}`);
    expect(normalizeCaFingerprint(hex.toUpperCase())).toBe(`sha256:${hex}`);
    const colons = `sha256 Fingerprint=${hex.toUpperCase().match(/../g)!.join(":")}`;
    expect(normalizeCaFingerprint(colons)).toBe(`sha256:${hex}`);
    expect(normalizeCaFingerprint(`sha256:${hex.slice(2)}`)).toBeNull();
    expect(normalizeCaFingerprint("sha1:abcd")).toBeNull();
  });
});
