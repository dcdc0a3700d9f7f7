import type { Db } from "@edgeseg/db";
import type { Logger } from "pino";
import type { closer } from "../closer.ts";
import type { HubConfig } from "../config/schema.ts";

/** What every start-up step of createHub shares. */
export interface StartContext {
  config: HubConfig;
  logger: Logger;
  db: Db;
  /** Each step registers how to stop what it started. */
  stack: ReturnType<typeof closer>;
  isClosing: () => boolean;
  now: () => Date;
}
