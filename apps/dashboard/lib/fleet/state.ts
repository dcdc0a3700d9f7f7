import type { DeviceStatus } from "@edgeseg/db";

export type DeviceState = "online" | "offline" | "pending" | "disabled";
export const deviceStates = ["online", "offline", "pending", "disabled"] as const;

/**
 * A device whose last sign of life is older than this is offline even if the database still says
 * online (e.g. the hub stopped before it could record the Last Will). Agents send telemetry every
 * 30 s by default and the hub records lastSeenAt at most every 15 s, so 3 missed heartbeats + 15 s.
 */
export const STALE_AFTER_MS = 105_000;

export function deviceState(
  device: { status: DeviceStatus; online: boolean; lastSeenAt: Date | null },
  now: Date,
): DeviceState {
  if (device.status !== "active") return device.status;
  const fresh = device.lastSeenAt !== null && now.getTime() - device.lastSeenAt.getTime() <= STALE_AFTER_MS;
  return device.online && fresh ? "online" : "offline";
}
