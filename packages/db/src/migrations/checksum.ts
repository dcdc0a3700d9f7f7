import { createHash } from "node:crypto";

/** Prisma's migration checksum: sha256 of migration.sql, lowercase hex (schema-connector checksum.rs). */
export function migrationChecksum(script: string): string {
  return createHash("sha256").update(script).digest("hex");
}

/**
 * Whether a script matches a recorded checksum. Like Prisma, a script whose line endings git turned
 * from LF to CRLF (or back) still matches, so a Windows checkout does not look tampered with.
 */
export function matchesChecksum(script: string, checksum: string): boolean {
  const variants = [
    script,
    script.replaceAll("\r\n", "\n"),
    script.replaceAll("\r\n", "\n").replaceAll("\n", "\r\n"),
  ];
  return variants.some((variant) => migrationChecksum(variant) === checksum);
}
