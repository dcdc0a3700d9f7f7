import Database from "better-sqlite3";
import { sqlTime } from "./sql.ts";

/**
 * Writes online devices' lastSeenAt every 15 s, as the hub does (apps/hub presence), so they stay
 * online (seen within 105 s) during the run and the dashboard reads while another process writes.
 */
export function startPresence(path: string): { stop(): void } {
  const db = new Database(path, { timeout: 5000 });
  const touch = db.prepare(`UPDATE "Device" SET "lastSeenAt" = ? WHERE "online" = 1 AND "status" = 'active'`);
  const timer = setInterval(() => touch.run(sqlTime(Date.now())), 15_000);
  return {
    stop() {
      clearInterval(timer);
      db.close();
    },
  };
}
