import {
  type CommandMessage,
  decodeMessage,
  type JobMessage,
  newEnvelope,
  parseTopic,
} from "@edgeseg/protocol";
import type { Logger } from "pino";
import type { DaemonContext } from "./context.ts";

export interface IncomingHandlers {
  onJob(job: JobMessage): void;
  onCommand(command: CommandMessage): void;
}

/**
 * Routes what the broker delivers: only this device's `jobs` and `commands`, each validated against
 * the protocol first. An invalid message never crashes the agent: it is logged, reported to the hub
 * as an error event (best effort), and dropped.
 */
export function routeIncoming(
  deviceId: string,
  logger: Logger,
  now: () => Date,
  sendNow: DaemonContext["sendNow"],
  handlers: IncomingHandlers,
): (topic: string, payload: Buffer) => void {
  return (topic, payload) => {
    const parsed = parseTopic(topic);
    if (!parsed || parsed.deviceId !== deviceId || (parsed.kind !== "jobs" && parsed.kind !== "commands")) {
      logger.warn({ topic }, "message on an unexpected topic dropped");
      return;
    }
    const decoded = decodeMessage(parsed.kind, payload, deviceId);
    if (!decoded.ok) {
      logger.warn({ topic, err: decoded.error }, `invalid ${parsed.kind} message dropped: ${decoded.error}`);
      void sendNow("events", {
        ...newEnvelope(deviceId, now()),
        code: "INPUT",
        message: `the agent dropped an invalid ${parsed.kind} message: ${decoded.error}`.slice(0, 2000),
      });
      return;
    }
    const m = decoded.message;
    if ("command" in m) handlers.onCommand(m);
    else if ("model" in m) handlers.onJob(m);
  };
}
