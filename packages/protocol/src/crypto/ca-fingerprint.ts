import { createHash, X509Certificate } from "node:crypto";

/** How a CA fingerprint is written: "sha256:" and 64 lowercase hex digits of the certificate's DER. */
export const CA_FINGERPRINT_PATTERN = /^sha256:[0-9a-f]{64}$/;

/** The fingerprint of a certificate (PEM text or DER bytes): sha256 over its DER encoding. */
export function caFingerprint(cert: string | Buffer | X509Certificate): string {
  const der = cert instanceof X509Certificate ? cert.raw : new X509Certificate(cert).raw;
  return `sha256:${createHash("sha256").update(der).digest("hex")}`;
}

/**
 * A fingerprint as a person may paste it: "sha256:ab12…", bare hex, or openssl's "AB:12:…" form
 * (`openssl x509 -noout -fingerprint -sha256`). Returns the canonical form, or null if it is none.
 */
export function normalizeCaFingerprint(given: string): string | null {
  const hex = given
    .trim()
    .replace(/^sha256(\s+fingerprint)?\s*[:=]\s*/i, "")
    .replace(/:/g, "")
    .toLowerCase();
  return /^[0-9a-f]{64}$/.test(hex) ? `sha256:${hex}` : null;
}
