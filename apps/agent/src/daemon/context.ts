import type { MessageKind, MessageOf, ResultDocument, ResultSignature } from "@edgeseg/protocol";
import type { Logger } from "pino";
import type { AgentConfig } from "../config/index.ts";
import type { EgressMeter } from "../net/egress.ts";
import type { JobStore } from "./job-store.ts";
import type { Publisher } from "./publisher.ts";
import type { Spool } from "./spool.ts";

/** What the daemon's parts share. One per daemon; nothing module-level. */
export interface DaemonContext {
  /** Replaced in place by refresh-config. */
  config: AgentConfig;
  logger: Logger;
  agentVersion: string;
  now: () => Date;
  store: JobStore;
  spool: Spool;
  publisher: Publisher;
  /** Every byte this agent sends, per job window (docs/data-locality.md). */
  egress: EgressMeter;
  /** Signs a result with the device's enrolled key; null for a device enrolled without one. */
  sign: ((result: ResultDocument) => ResultSignature) | null;
  /**
   * Publishes at once if connected, else drops it: for telemetry and progress (the next one supersedes
   * it) and job acks (the hub re-sends an unacknowledged job after a reconnect, and gets the same ack).
   */
  sendNow<K extends MessageKind>(kind: K, message: MessageOf<K>): Promise<void>;
  /** Writes the message to the disk spool, then drains: for what must reach the hub (results, errors). */
  sendReliably<K extends MessageKind>(kind: K, message: MessageOf<K>, id: string): Promise<void>;
}
