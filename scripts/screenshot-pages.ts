import type { Page } from "./stack/browser.ts";

export interface Shot {
  /** PNG file name under docs/screenshots/. */
  file: string;
  path: string;
  /** What must be on screen before the picture is taken (charts drawn, tables filled). */
  ready: string;
  /** The page needs no session (the log-in page). */
  signedOut?: boolean;
}

/** Every page of the dashboard, given the ids the running stack holds. */
export function shots(ids: { deviceId: string; campaignId: string; modelId: string }): Shot[] {
  return [
    { file: "login.png", path: "/login", ready: '[data-testid="login-submit"]', signedOut: true },
    { file: "fleet.png", path: "/", ready: '[data-testid="device-row"]' },
    {
      file: "device.png",
      path: `/devices/${ids.deviceId}`,
      ready: '[data-testid="chart-cpu"][data-drawn="true"], [data-testid="no-telemetry"]',
    },
    {
      file: "leaderboard.png",
      path: "/leaderboard",
      ready: '[data-testid="pareto-chart"][data-drawn="true"]',
    },
    {
      file: "compare.png",
      path: "/compare",
      ready:
        '[data-testid="compare-chart"][data-drawn="true"], [data-testid="compare-too-few"], [data-testid="compare-none"]',
    },
    { file: "models.png", path: "/models", ready: '[data-testid="model-row"]' },
    { file: "model-card.png", path: `/models/${ids.modelId}`, ready: '[data-testid="model-card"]' },
    { file: "campaigns.png", path: "/campaigns", ready: '[data-testid="campaign-row"]' },
    { file: "campaign.png", path: `/campaigns/${ids.campaignId}`, ready: '[data-testid="campaign-jobs"]' },
    { file: "admin.png", path: "/admin", ready: '[data-testid="token-form"]' },
    { file: "audit.png", path: "/admin/audit", ready: '[data-testid="audit-table"]' },
  ];
}

/** Opens the page, waits for what it must show, and writes a 1280×800 PNG (the viewport). */
export async function take(page: Page, shot: Shot, file: string): Promise<void> {
  await page.goto(shot.path);
  await page.locator(shot.ready).first().waitFor({ timeout: 30_000 });
  // Chart.js animates; the charts say data-drawn once done, the rest settles within a frame or two.
  await page.waitForTimeout(300);
  await page.screenshot({ path: file, animations: "disabled" });
}
