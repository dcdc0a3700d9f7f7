import { exampleMessages } from "@edgeseg/protocol";

const MARK = /@@(ID|SENT|DEV)@@/;

/**
 * Payload builders for the simulated agents: the protocol's example telemetry and result messages,
 * serialised once with placeholders, then filled per message (fresh uuid, time, device) by string
 * concatenation, so the load generator spends its time on the wire rather than on JSON.stringify.
 * A result's messageId and resultId are the same uuid, which lets a receiver match it cheaply.
 */
function template(message: object): (id: string, deviceId: string) => Buffer {
  const parts = JSON.stringify(message).split(MARK);
  return (id, deviceId) => {
    let out = "";
    for (let i = 0; i < parts.length; i++) {
      if (i % 2 === 0) out += parts[i];
      else out += parts[i] === "ID" ? id : parts[i] === "DEV" ? deviceId : new Date().toISOString();
    }
    return Buffer.from(out);
  };
}

const envelope = { messageId: "@@ID@@", sentAt: "@@SENT@@", deviceId: "@@DEV@@" };

export const resultPayload = template({
  ...exampleMessages.results,
  ...envelope,
  jobId: null,
  attempt: null,
  result: { ...exampleMessages.results.result, resultId: "@@ID@@" },
});

export const telemetryPayload = template({ ...exampleMessages.telemetry, ...envelope, currentJobId: null });

const ID_IN_PAYLOAD = /"messageId":"([0-9a-f-]{36})"/;

/** The messageId near the start of a payload (the envelope comes first), without parsing it all. */
export function messageIdOf(payload: Buffer): string | null {
  return ID_IN_PAYLOAD.exec(payload.toString("latin1", 0, 160))?.[1] ?? null;
}
