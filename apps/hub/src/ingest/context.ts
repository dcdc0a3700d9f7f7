import type { Db } from "@edgeseg/db";
import type { Logger } from "pino";
import type { HookCaller } from "./hooks.ts";
import type { ProgressBoard } from "./progress.ts";

/** What every message handler may use. */
export interface IngestContext {
  db: Db;
  logger: Logger;
  call: HookCaller;
  progress: ProgressBoard;
  now: () => Date;
}
