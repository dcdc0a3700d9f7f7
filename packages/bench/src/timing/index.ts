export { elapsedMs, now } from "./clock.ts";
export { type OfflineOptions, type OfflineStats, runOffline } from "./offline.ts";
export {
  coefficientOfVariation,
  median,
  medianRepeatIndex,
  needsAnotherRepeat,
  repeatStats,
} from "./repeat-rule.ts";
export {
  mergeRepeats,
  type RepeatedSingleStream,
  runRepeatedSingleStream,
} from "./repeated-single-stream.ts";
export { measureFirstInference, measureSessionCreate } from "./session.ts";
export { runSingleStream, type SingleStreamOptions } from "./single-stream.ts";
export { percentile, type Summary, summarise } from "./stats.ts";
export {
  P99_MIN_SAMPLES,
  type SingleStreamRun,
  type SingleStreamSettings,
  singleStreamReasons,
  THROTTLING_REASON,
  withThrottling,
} from "./validity.ts";
