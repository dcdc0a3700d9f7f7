import { join } from "node:path";
import { type Child, startChild } from "./child.ts";
import { dashboardDir, nextBin, type StackLayout } from "./paths.ts";
import { httpOk, waitUntil } from "./wait.ts";

/** `next start` of the production build on 127.0.0.1, ready once `/api/health` answers 200. */
export async function startDashboard(layout: StackLayout, port: number, hubHttpUrl: string): Promise<Child> {
  const dashboard = startChild({
    name: "dashboard",
    command: process.execPath,
    args: [nextBin, "start", "-H", "127.0.0.1", "-p", String(port)],
    logFile: join(layout.logsDir, "dashboard.log"),
    cwd: dashboardDir,
    env: {
      ...process.env,
      NEXT_TELEMETRY_DISABLED: "1",
      NODE_ENV: "production",
      EDGESEG_DATA_DIR: layout.hubDir,
      EDGESEG_HUB_URL: hubHttpUrl,
    },
  });
  await waitUntil(() => httpOk(`http://127.0.0.1:${port}/api/health`), "the dashboard's /api/health", {
    timeoutMs: 60_000,
    children: [dashboard],
  });
  return dashboard;
}
