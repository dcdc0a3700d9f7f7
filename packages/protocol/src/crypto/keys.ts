import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
} from "node:crypto";

/** A raw Ed25519 public key (RFC 8032, 32 bytes) in base64url without padding, as in a JWK's "x". */
export const PUBLIC_KEY_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export interface SigningKeyPair {
  /** base64url of the raw 32-byte public key: what enrolment sends and the hub stores. */
  publicKey: string;
  /** PKCS#8 PEM: what the device keeps, mode 0600, and never sends. */
  privateKeyPem: string;
}

/** A fresh Ed25519 key pair, made on the device (node:crypto, OpenSSL underneath). */
export function generateSigningKeyPair(): SigningKeyPair {
  const { publicKey, privateKey } = generateKeyPairSync("ed25519");
  return {
    publicKey: rawPublicKey(publicKey),
    privateKeyPem: privateKey.export({ type: "pkcs8", format: "pem" }).toString(),
  };
}

/** The base64url raw form of an Ed25519 public key object (its JWK "x", RFC 8037 section 2). */
export function rawPublicKey(key: KeyObject): string {
  const jwk = key.export({ format: "jwk" });
  if (jwk.crv !== "Ed25519" || typeof jwk.x !== "string") throw new TypeError("not an Ed25519 public key");
  return jwk.x;
}

/** The public key object for a base64url raw Ed25519 key; a malformed one throws. */
export function publicKeyObject(publicKey: string): KeyObject {
  if (!PUBLIC_KEY_PATTERN.test(publicKey)) throw new TypeError("expected a base64url Ed25519 public key");
  return createPublicKey({ key: { kty: "OKP", crv: "Ed25519", x: publicKey }, format: "jwk" });
}

/** The private key object from the device's PEM file; its public half, for checks. */
export function privateKeyObject(pem: string): KeyObject {
  const key = createPrivateKey(pem);
  if (key.asymmetricKeyType !== "ed25519")
    throw new TypeError(`an ${key.asymmetricKeyType} key, not Ed25519`);
  return key;
}

/**
 * A short name for a public key: the first 16 hex digits of the sha256 of its raw bytes. It names the
 * key in messages and logs; it proves nothing (the hub verifies with the key it stored at enrolment).
 */
export function signingKeyId(publicKey: string): string {
  return createHash("sha256").update(Buffer.from(publicKey, "base64url")).digest("hex").slice(0, 16);
}
