import { createHash, randomBytes } from "node:crypto";

/**
 * Enrollment and session tokens are 32 random bytes, so a fast hash suffices (no password to
 * brute-force) and the hash can be looked up by equality: the database stores sha256 hex only.
 */
export function newToken(): string {
  return randomBytes(32).toString("base64url");
}

export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}
