import type { Failure, Resources } from "@edgeseg/protocol";
import type { EnergyTrace } from "./energy-meter.ts";
import type { MonitorOptions } from "./resource-monitor.ts";

export interface RunIsolatedOptions<I> {
  /** Absolute path of the .ts module run as the child; it calls childMain(). */
  entry: string;
  /** Sent to the child over IPC (structured clone: typed arrays and Maps survive). */
  input: I;
  /** Wall-clock limit from spawn; the child is killed with SIGKILL when it passes. */
  timeoutMs: number;
  /** Peak resident memory (VmHWM) above which the child is killed with SIGKILL. */
  memoryLimitMb?: number;
  /** How often /proc/<pid> and the sensors are sampled. Default 200 ms. */
  sampleIntervalMs?: number;
  /** Receives what the child passes to report(). */
  onMessage?: (msg: unknown) => void;
  /** Root to read thermal and cpufreq sensors from (a recorded tree in tests). Default "/". */
  sensorsRoot?: string;
  /** How sensors are probed (tests replay recorded vcgencmd output). */
  monitor?: MonitorOptions;
  /** Extra Node flags for the child, e.g. "--max-old-space-size=512". */
  execArgv?: string[];
  /** Working directory of the child. Default: the parent's. */
  cwd?: string;
  /**
   * Cancels the run: passed to fork(), which kills the child (SIGKILL, as the limits do) when it
   * aborts; the outcome is then a failure with reason "error" saying it was cancelled.
   */
  signal?: AbortSignal;
  /** Called once with the child's pid after it started (logs; tests that watch the process). */
  onSpawn?: (pid: number) => void;
}

/** A failure as the result document records it, plus the code the child's error carried (e.g. "INPUT"). */
export type IsolatedFailure = Failure & { code?: string };

/** energyTrace: the run's energy samples, to split it into phases by time; null without a sensor. */
export type IsolatedOutcome<O> =
  | { ok: true; value: O; resources: Resources; energyTrace: EnergyTrace | null }
  | { ok: false; failure: IsolatedFailure; resources: Resources; energyTrace: EnergyTrace | null };
