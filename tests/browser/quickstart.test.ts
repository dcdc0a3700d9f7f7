import { afterAll, beforeAll, describe } from "vitest";
import { dashboardCases } from "./dashboard-cases.ts";
import { type BrowserStack, startBrowserStack } from "./harness.ts";
import { reportCases } from "./report-cases.ts";

// One quick start stack — production dashboard build (next build + next start), a real hub and a real
// agent on this machine, its campaign of the suite's models run to the end — and Debian's Chromium,
// shared by the dashboard's cases and then the fleet report's (which add devices to the class).
describe("the quick start's stack in Chromium", () => {
  let env: BrowserStack | undefined;
  const stack = () => {
    if (!env) throw new Error("the quick start's stack did not start (see the beforeAll error)");
    return env;
  };

  beforeAll(async () => {
    // Generous: the stack's own steps time out first (build 5 min, start 2 min, campaign 7 min on a
    // loaded machine) and stop whatever they started, so this hook never gives up with processes running.
    env = await startBrowserStack({ campaignTimeoutMs: 420_000 });
  }, 960_000);

  afterAll(async () => {
    await env?.close();
  }, 60_000);

  dashboardCases(stack);
  reportCases(stack);
});
