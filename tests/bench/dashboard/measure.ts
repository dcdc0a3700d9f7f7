import { performance } from "node:perf_hooks";
import type { Dashboard } from "./server.ts";
import { type Summary, summarize } from "./stats.ts";

export interface PageSpec {
  name: string;
  path: string;
  /** A data-testid the full page must contain (a log-in redirect or error page does not). */
  marker: string;
}

export interface PageTiming extends Summary {
  name: string;
  path: string;
  warmup: number;
  bytes: number;
  /** True when the time budget ended the run before `requests` samples. */
  capped: boolean;
}

/** One GET, timed from the request to the last byte of the HTML; fails on anything but the page. */
async function timedGet(dash: Dashboard, page: PageSpec): Promise<{ ms: number; bytes: number }> {
  const t0 = performance.now();
  const res = await fetch(dash.url + page.path, { headers: { cookie: dash.cookie }, redirect: "manual" });
  const html = await res.text();
  const ms = performance.now() - t0;
  if (res.status !== 200 || !html.includes(`data-testid="${page.marker}"`)) {
    throw new Error(
      `${page.path}: HTTP ${res.status} without data-testid="${page.marker}": ${html.slice(0, 300)}`,
    );
  }
  return { ms, bytes: Buffer.byteLength(html) };
}

/**
 * `warmup` untimed requests, then `requests` sequential timed ones. Bounded: warm-up stops after a
 * quarter of `budgetS`, measuring after `budgetS` (with at least 3 samples), so a page that takes
 * seconds cannot hold the run for many minutes.
 */
export async function measurePage(
  dash: Dashboard,
  page: PageSpec,
  opts: { warmup: number; requests: number; budgetS: number },
): Promise<PageTiming> {
  const warmStart = performance.now();
  let warmup = 0;
  while (
    warmup < opts.warmup &&
    (warmup === 0 || performance.now() - warmStart < (opts.budgetS * 1000) / 4)
  ) {
    await timedGet(dash, page);
    warmup++;
  }
  const samples: number[] = [];
  let bytes = 0;
  const start = performance.now();
  while (
    samples.length < opts.requests &&
    (samples.length < 3 || performance.now() - start < opts.budgetS * 1000)
  ) {
    const got = await timedGet(dash, page);
    samples.push(got.ms);
    bytes = got.bytes;
  }
  return {
    name: page.name,
    path: page.path,
    warmup,
    bytes,
    capped: samples.length < opts.requests,
    ...summarize(samples),
  };
}
