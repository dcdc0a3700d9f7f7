import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";

export type { Browser, BrowserContext, Page };

/** Debian's Chromium (`apt-get install chromium`); `npx playwright install` cannot work offline. */
export const CHROMIUM = process.env.EDGESEG_CHROMIUM ?? "/usr/bin/chromium";

// Without the networking flags Chromium floods a closed network with connections.
const FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/**
 * Chromium driven by playwright-core. Playwright starts it with a fresh temporary `--user-data-dir`
 * and deletes it on close; each `newContext()` is a separate cookie jar (one per signed-in user).
 */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: FLAGS });
}

/** A context with the screenshots' viewport, UTC times and a fixed locale. */
export function newContext(browser: Browser, baseURL: string): Promise<BrowserContext> {
  return browser.newContext({
    baseURL,
    viewport: { width: 1280, height: 800 },
    locale: "en-GB",
    timezoneId: "UTC",
  });
}

/** Logs in through the form; resolves once the signed-in shell shows the user. */
export async function logIn(page: Page, email: string, password: string): Promise<void> {
  await page.goto("/login");
  await page.getByTestId("login-email").fill(email);
  await page.getByTestId("login-password").fill(password);
  await page.getByTestId("login-submit").click();
  await page.getByTestId("current-user").waitFor({ timeout: 30_000 });
}
