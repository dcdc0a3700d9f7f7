import { AppError } from "@edgeseg/protocol";
import { caFingerprint } from "@edgeseg/protocol/crypto";
import type { PinnedCa } from "../net/pinned-ca.ts";
import type { AgentConfig } from "./schema.ts";

/**
 * The CA this device pinned at enrolment, checked against its fingerprint (a CA certificate edited
 * into the config would otherwise be trusted silently); undefined for a hub enrolled without TLS.
 */
export function hubPin(config: AgentConfig): PinnedCa | undefined {
  if (config.caCert === undefined && config.caFingerprint === undefined) return undefined;
  if (config.caCert === undefined || config.caFingerprint === undefined) {
    throw new AppError("INPUT", "agent config: caCert and caFingerprint go together; enrol again");
  }
  let actual: string;
  try {
    actual = caFingerprint(config.caCert);
  } catch (error) {
    throw new AppError(
      "INPUT",
      `agent config: caCert is not a PEM certificate (${(error as Error).message}); enrol again`,
    );
  }
  if (actual !== config.caFingerprint) {
    throw new AppError(
      "INTEGRITY",
      `agent config: caCert has fingerprint ${actual}, not the pinned ${config.caFingerprint}; enrol again`,
    );
  }
  return { caCert: config.caCert, caFingerprint: config.caFingerprint };
}
