import type { Db } from "@edgeseg/db";
import type { Logger } from "pino";
import type { IngestHooks } from "./ingest/hooks.ts";

/** Publishes through the hub's service client; resolves on the broker's PUBACK for QoS 1. */
export type Publish = (topic: string, payload: Buffer, qos: 0 | 1) => Promise<void>;

/** What createHub needs from a dispatcher: the ingest hooks, and close. It runs its own tick timer. */
export interface HubDispatcher extends IngestHooks {
  close(): unknown;
}

export interface HubDispatcherDeps {
  db: Db;
  publish: Publish;
  logger: Logger;
  now?: () => Date;
  tickIntervalMs?: number;
  /** This hub's name in dispatch leases (--hub-id) and how long a lease lasts (--lease-ms). */
  hubId?: string;
  leaseMs?: number;
  /** How long past a running job's timeout its result is waited for before a re-queue (--job-timeout-grace-ms). */
  timeoutGraceMs?: number;
}

export type DispatcherFactory = (deps: HubDispatcherDeps) => HubDispatcher | Promise<HubDispatcher>;
