import { join } from "node:path";
import { freePort } from "../../support/free-port.ts";
import { repoRoot, spawnTracked } from "../../support/process.ts";
import { waitFor } from "../../support/wait.ts";

export interface Dashboard {
  url: string;
  /** `edgeseg_session=…`, for the Cookie header. */
  cookie: string;
  close(): Promise<void>;
}

/**
 * `next start` of the production build on 127.0.0.1 against `dataDir`, then a log-in through
 * POST /api/session (the API clients' way; it sets the same cookie as the log-in page).
 */
export async function startDashboard(
  dataDir: string,
  admin: { email: string; password: string },
): Promise<Dashboard> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const next = join(repoRoot, "node_modules/.bin/next");
  const server = spawnTracked(next, ["start", "-p", String(port), "-H", "127.0.0.1"], {
    cwd: join(repoRoot, "apps/dashboard"),
    env: {
      ...process.env,
      EDGESEG_DATA_DIR: dataDir,
      NEXT_TELEMETRY_DISABLED: "1",
      LOG_LEVEL: "warn",
      NODE_ENV: "production",
    },
  });
  try {
    await waitFor(
      async () => {
        if (server.hasExited()) throw new Error(`next start exited:\n${server.output()}`);
        return fetch(`${url}/api/health`).then(
          (r) => r.ok,
          () => false,
        );
      },
      "the dashboard's /api/health",
      { timeoutMs: 60_000, everyMs: 250, context: () => server.output() },
    );
    const res = await fetch(`${url}/api/session`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: url },
      body: JSON.stringify(admin),
    });
    const cookie = res.headers
      .getSetCookie()
      .find((c) => c.startsWith("edgeseg_session="))
      ?.split(";")[0];
    if (!res.ok || !cookie) throw new Error(`log-in failed: HTTP ${res.status} ${await res.text()}`);
    return { url, cookie, close: () => server.stop(10_000) };
  } catch (error) {
    await server.stop(3_000);
    throw error;
  }
}
