import type { DeviceState } from "@/lib/fleet/state.ts";

const tone: Record<DeviceState, string> = { online: "ok", offline: "bad", pending: "warn", disabled: "" };

export function StateBadge({ state }: { state: DeviceState }) {
  return (
    <span className={`badge ${tone[state]}`} data-testid="device-state" data-state={state}>
      {state}
    </span>
  );
}
