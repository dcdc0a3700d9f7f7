import type { DeviceInfo } from "@edgeseg/protocol";

/**
 * Everything known about the device before its class is decided: the result document's device fields
 * (all but deviceClass) plus the raw CPU identification that class detection matches on.
 */
export interface DeviceInfoRaw extends Omit<DeviceInfo, "deviceClass"> {
  cpu: {
    vendorId: string | null;
    /** ARM implementer and parts as lowercase hex ("0x41", ["0xd08"]); null/empty on x86. */
    implementer: string | null;
    parts: string[];
    flags: string[];
    hardware: string | null;
    revision: string | null;
  };
  /** "files" when read from /proc and /sys under root; "systeminformation" on non-Linux hosts. */
  source: "files" | "systeminformation";
}
