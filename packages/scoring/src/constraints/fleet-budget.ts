import { num, plural } from "../format.ts";
import type { ConstraintStatus } from "./types.ts";

/** 0.9 → "90 %". */
export function percent(share: number): string {
  return `${num(share * 100, 1)} %`;
}

/**
 * A fleet meets a budget when the share of its devices that meet it (each device by its own median)
 * reaches the policy's fleet quantile. Shares are compared to 1e-9 so 9 of 10 meets 0.9 exactly.
 */
export function fleetStatus(within: number, known: number, quantile: number): ConstraintStatus {
  if (known === 0) return "unknown";
  return within / known >= quantile - 1e-9 ? "pass" : "fail";
}

/** "9 of 10 devices (90 %)" or "the only device". */
export function deviceShare(within: number, known: number): string {
  if (known === 1) return within === 1 ? "the only device" : "not the only device";
  return `${within} of ${plural(known, "device")} (${percent(within / known)})`;
}

/** The policy's rule in words, for the page: "90 % of the class's devices must meet the budget". */
export function fleetRuleWords(quantile: number): string {
  return quantile >= 1
    ? "every device of the class must meet the budget"
    : `${percent(quantile)} of the class's devices must meet the budget`;
}

/** Said whenever a figure rests on one device: a fleet of one is no fleet statistic. */
export const ONE_DEVICE_NOTE =
  "Measured on one device only: more devices of the class make this a fleet figure.";
