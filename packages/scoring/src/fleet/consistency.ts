import type { DeviceFigure } from "./device-figure.ts";
import { median } from "./stats.ts";

/** The default tolerance: the same model, suite and inputs should give the same DSC to 1e-3 anywhere. */
export const DEFAULT_CONSISTENCY_TOLERANCE = 1e-3;

export interface ConsistencyFlag {
  deviceId: string;
  backends: string[];
  meanDice: number;
  classMedianDice: number;
  /** meanDice − classMedianDice. */
  difference: number;
  message: string;
}

/**
 * Cross-device consistency: accuracy does not depend on the device, so a device (or the backend it
 * ran) whose median DSC differs from the class median by more than `tolerance` points at a runtime
 * divergence — WASM against native kernels, a broken build, a corrupted model cache. Flags every such
 * device with the numbers; none when fewer than two devices reported a DSC (nothing to compare).
 */
export function consistencyFlags(
  devices: readonly DeviceFigure[],
  tolerance = DEFAULT_CONSISTENCY_TOLERANCE,
): ConsistencyFlag[] {
  const reporting = devices.filter((d) => d.meanDice !== null);
  if (reporting.length < 2) return [];
  const classMedian = median(reporting.map((d) => d.meanDice)) as number;
  return reporting
    .filter((d) => Math.abs((d.meanDice as number) - classMedian) > tolerance)
    .map((d) => {
      const dice = d.meanDice as number;
      const difference = dice - classMedian;
      return {
        deviceId: d.deviceId,
        backends: d.backends,
        meanDice: dice,
        classMedianDice: classMedian,
        difference,
        message: `Device ${d.deviceId} (${d.backends.join(", ") || "no backend"}) reports mean DSC ${dice.toFixed(4)}, ${difference > 0 ? "+" : "−"}${Math.abs(difference).toFixed(4)} from the class median ${classMedian.toFixed(4)} (tolerance ${tolerance}): the same model and suite should give the same accuracy on every device — check its runtime backend and build.`,
      };
    });
}
