import type { ScenarioSettings } from "@edgeseg/protocol";
import { epochMs } from "../isolation/index.ts";
import type { ChildProgress } from "./child-output.ts";

/** How often the child reports SingleStream and Offline progress (a timer, never inside a query). */
export const WATCH_EVERY_MS = 2000;

/**
 * One SingleStream repeat, at the pace measured so far, against its minimums and time cap: a message
 * when the cap will stop it short of minQueries (INVALID by construction), with settings that fit;
 * null while it can still make it or too little has been seen (3 queries, or 1 s).
 */
export function capForecast(
  queries: number,
  elapsedMs: number,
  settings: ScenarioSettings["singleStream"],
  warmupQueries: number,
): string | null {
  if (queries < 3 || elapsedMs < 1000) return null;
  const perQueryMs = elapsedMs / queries;
  const needMs = Math.max(settings.minQueries * perQueryMs, settings.minDurationMs);
  if (needMs <= settings.maxDurationMs) return null;
  const fitQueries = Math.floor(settings.maxDurationMs / perQueryMs);
  const needS = Math.ceil((needMs * 1.2) / 1000);
  return (
    `at ~${perQueryMs.toFixed(0)} ms per query (${queries - Math.min(queries, warmupQueries)} timed so far), ` +
    `${settings.minQueries} queries need ~${Math.ceil(needMs / 1000)} s but the time cap is ${settings.maxDurationMs / 1000} s: ` +
    `this run will be INVALID by construction (exit code 10, result kept). Settings that fit: --max-duration ${needS}` +
    (fitQueries >= 100 ? ` or --min-queries ${fitQueries}` : "")
  );
}

/**
 * While the scenarios run, reports every WATCH_EVERY_MS how many SingleStream queries were issued (or
 * that Offline is under way), and warns once when the pace means the cap will make the run INVALID.
 * Timer callbacks run on the JavaScript thread between awaits while ONNX Runtime computes on its
 * own threads; one IPC message every 2 s is all it adds.
 */
export function watchScenarios(
  status: () => { queries: number; startMs: number | null; ended: boolean },
  scenario: ScenarioSettings,
  report: (p: ChildProgress) => void,
): () => void {
  let warned = false;
  const timer = setInterval(() => {
    const s = status();
    if (s.ended) {
      const cap = scenario.offline.maxDurationMs;
      report({
        type: "progress",
        phase: "offline",
        done: 0,
        total: 1,
        message: `${scenario.offline.minQueries} images${cap !== undefined ? `, at most ${cap / 1000} s` : ""}`,
      });
      return;
    }
    if (s.startMs === null) return;
    const elapsed = epochMs() - s.startMs;
    const minRepeats = scenario.repeats?.minRepeats ?? 1;
    const forecast = warned
      ? null
      : capForecast(s.queries, elapsed, scenario.singleStream, scenario.warmupQueries);
    if (forecast) warned = true;
    report({
      type: "progress",
      phase: "single-stream",
      done: s.queries,
      total: scenario.warmupQueries + minRepeats * scenario.singleStream.minQueries,
      message: `${s.queries} queries`,
      ...(forecast ? { warning: forecast } : {}),
    });
  }, WATCH_EVERY_MS);
  timer.unref();
  return () => clearInterval(timer);
}
