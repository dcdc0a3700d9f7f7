import type { Db } from "@edgeseg/db";
import type { Logger } from "pino";
import type { HookCaller } from "./hooks.ts";
import type { ProgressBoard } from "./progress.ts";
import type { Receipts } from "./receipts.ts";
import type { ResultWriter } from "./result-writer.ts";

/** What every message handler may use. */
export interface IngestContext {
  db: Db;
  logger: Logger;
  call: HookCaller;
  progress: ProgressBoard;
  now: () => Date;
  /** Group commit: results are stored through it, a batch per transaction. */
  results: ResultWriter;
  /** Storage receipts to the devices, for every result whose outcome is final. */
  receipts: Receipts;
}
