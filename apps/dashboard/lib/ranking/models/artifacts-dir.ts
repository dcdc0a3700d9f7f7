import { dirname, join } from "node:path";

/**
 * The hub's content-addressed artifact store: `<data dir>/artifacts`, next to `<data dir>/edgeseg.db`
 * (apps/hub/src/config/data-dir.ts), so the dashboard finds it from the database it opened.
 */
export function artifactsDirFor(databasePath: string): string {
  return join(dirname(databasePath), "artifacts");
}
