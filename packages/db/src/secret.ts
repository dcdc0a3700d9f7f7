import { randomBytes, type ScryptOptions, scrypt, timingSafeEqual } from "node:crypto";
import { AppError } from "@edgeseg/protocol";

/**
 * Device secrets and user passwords are stored as `scrypt$<N>$<r>$<p>$<salt>$<key>` (salt and key in
 * base64url): the parameters travel with the hash, so they can be raised later without breaking
 * stored hashes. Device secrets are 32 random bytes, so no work factor makes them easier or harder to
 * guess; N = 2^14, r = 8, p = 1 (RFC 7914's interactive-login setting, 16 MiB, ~30 ms) only keeps a
 * stolen database from being checked cheaply, and keeps a fleet's reconnects cheap.
 */
export const defaultScryptParams = { N: 2 ** 14, r: 8, p: 1 } as const;

/**
 * People choose passwords, so their hashes get OWASP's scrypt minimum (Password Storage Cheat Sheet:
 * N = 2^17, r = 8, p = 1): 128 MiB and 8 times the work of 2^14 per check. Older hashes still verify
 * (the parameters are read from the hash) and are re-hashed at the next successful log-in (see
 * needsRehash).
 */
export const passwordScryptParams = { N: 2 ** 17, r: 8, p: 1 } as const;

const SALT_BYTES = 16;
const KEY_BYTES = 32;
// Refuse hashes that would make verification allocate absurd memory (a corrupted or hostile row).
const MAX_N = 2 ** 20;

export interface ScryptParams {
  N: number;
  r: number;
  p: number;
}

export async function hashSecret(
  secret: string,
  params: ScryptParams = defaultScryptParams,
): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const key = await derive(secret, salt, KEY_BYTES, params);
  return ["scrypt", params.N, params.r, params.p, salt.toString("base64url"), key.toString("base64url")].join(
    "$",
  );
}

/** True when `secret` matches `hash`; compares in constant time. Throws on a malformed hash. */
export async function verifySecret(secret: string, hash: string): Promise<boolean> {
  const parsed = parseHash(hash);
  const key = await derive(secret, parsed.salt, parsed.key.length, parsed.params);
  return timingSafeEqual(key, parsed.key);
}

/** True when `hash` was made with weaker parameters than `params` (re-hash it after a success). */
export function needsRehash(hash: string, params: ScryptParams): boolean {
  const stored = parseHash(hash).params;
  return stored.N < params.N || stored.r < params.r || stored.p < params.p;
}

function parseHash(hash: string): { params: ScryptParams; salt: Buffer; key: Buffer } {
  const parts = hash.split("$");
  const [scheme, n, r, p, salt, key] = parts;
  const params = { N: Number(n), r: Number(r), p: Number(p) };
  const valid =
    parts.length === 6 &&
    scheme === "scrypt" &&
    Number.isInteger(params.N) &&
    params.N > 1 &&
    params.N <= MAX_N &&
    (params.N & (params.N - 1)) === 0 &&
    Number.isInteger(params.r) &&
    params.r >= 1 &&
    params.r <= 32 &&
    Number.isInteger(params.p) &&
    params.p >= 1 &&
    params.p <= 16 &&
    salt !== undefined &&
    salt.length > 0 &&
    key !== undefined &&
    key.length > 0;
  if (!valid) {
    throw new AppError(
      "INTEGRITY",
      `stored secret hash "${hash.slice(0, 24)}…" is not in the scrypt$N$r$p$salt$key format: reset this secret`,
    );
  }
  return { params, salt: Buffer.from(salt!, "base64url"), key: Buffer.from(key!, "base64url") };
}

function derive(secret: string, salt: Buffer, keyLength: number, params: ScryptParams): Promise<Buffer> {
  // scrypt needs 128·N·r·p bytes for its work area (plus 128·r·p for B); node's default cap of 32 MiB
  // would reject N = 2^15 and above, so the cap is set to twice the need: 256 MiB for N = 2^17.
  const options: ScryptOptions = { ...params, maxmem: 256 * params.N * params.r * params.p };
  return new Promise((resolvePromise, reject) => {
    scrypt(secret.normalize("NFC"), salt, keyLength, options, (error, key) =>
      error ? reject(error) : resolvePromise(key),
    );
  });
}
