import { randomUUID } from "node:crypto";
import {
  exampleMessages,
  type MessageKind,
  type MessageOf,
  newEnvelope,
  type ResultMessage,
} from "@edgeseg/protocol";

/** The protocol's example message of `kind`, addressed to `deviceId` with a fresh envelope. */
export function exampleFor<K extends MessageKind>(
  kind: K,
  deviceId: string,
  patch: Partial<MessageOf<K>> = {},
) {
  return { ...structuredClone(exampleMessages[kind]), ...newEnvelope(deviceId), ...patch } as MessageOf<K>;
}

/** A valid result message from `deviceId`, not tied to a job, with a fresh resultId. */
export function resultFor(deviceId: string, resultId: string = randomUUID()): ResultMessage {
  const base = exampleFor("results", deviceId, { jobId: null, attempt: null });
  return { ...base, result: { ...base.result, resultId } };
}
