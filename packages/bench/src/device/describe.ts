import type { DeviceProfile } from "@edgeseg/engine-core/device-profile";
import { loadProfiles } from "@edgeseg/engine-core/device-profile";
import { type DeviceInfo, deviceInfoSchema } from "@edgeseg/protocol";
import { collectDeviceInfo } from "./collect.ts";
import { matchDeviceClass } from "./match.ts";
import { resolveRuntime } from "./recommend.ts";
import type { DeviceInfoRaw } from "./types.ts";

export interface DeviceDescription {
  /** The result document's device object, validated against deviceInfoSchema. */
  info: DeviceInfo;
  /** The matched class, its runtime already resolved for this device's architecture. */
  profile: DeviceProfile;
  raw: DeviceInfoRaw;
}

export interface DescribeOptions {
  root?: string;
  profilesDir?: string;
  arch?: string;
}

/** Collects device information, loads the profiles and decides the device class: `edgeseg-agent info`. */
export async function describeDevice(opts: DescribeOptions = {}): Promise<DeviceDescription> {
  const raw = await collectDeviceInfo({
    ...(opts.root ? { root: opts.root } : {}),
    ...(opts.arch ? { arch: opts.arch } : {}),
  });
  const { profile, matchedRule } = matchDeviceClass(raw, await loadProfiles(opts.profilesDir));
  const { cpu: _cpu, source: _source, ...fields } = raw;
  const info = deviceInfoSchema.parse({
    ...fields,
    deviceClass: { id: profile.id, name: profile.name, matchedRule },
  });
  return { info, profile: { ...profile, runtime: resolveRuntime(profile, raw.arch) }, raw };
}
