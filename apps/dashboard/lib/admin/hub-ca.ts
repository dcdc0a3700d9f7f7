import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { caFingerprint } from "@edgeseg/protocol/crypto";

/**
 * The fingerprint of the CA `edgeseg-hub tls init` left in the hub's data directory, for the enrolment
 * command the admin page shows next to a new token (agents pin it: docs/security.md, "TLS"). Null when
 * the dashboard is not pointed at the hub's data directory or the hub has no CA there.
 */
export async function hubCaFingerprint(dataDir: string | undefined): Promise<string | null> {
  if (!dataDir) return null;
  try {
    return caFingerprint(await readFile(join(dataDir, "tls", "ca.pem")));
  } catch {
    return null;
  }
}
