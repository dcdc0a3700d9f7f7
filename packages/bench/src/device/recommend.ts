import type { DeviceProfile, RuntimeRecommendation } from "@edgeseg/engine-core/device-profile";

/** Architectures onnxruntime-node ships CPU binaries for (bin/napi-v6/<platform>/<arch>). */
const NATIVE_ARCHES = new Set(["x64", "arm64"]);

/**
 * The profile's runtime settings for this device's architecture: the profile's own overrides first,
 * then the rule every class shares — without a native onnxruntime-node build (32-bit Raspberry Pi OS
 * reports "arm") only the WASM backend can run.
 */
export function resolveRuntime(profile: DeviceProfile, arch: string): RuntimeRecommendation {
  let runtime: RuntimeRecommendation = { ...profile.runtime };
  for (const o of profile.runtimeOverrides) {
    if (!o.arch.includes(arch as never)) continue;
    const { arch: _arch, ...settings } = o;
    runtime = { ...runtime, ...settings };
  }
  if (runtime.backend === "node" && !NATIVE_ARCHES.has(arch)) {
    runtime = {
      ...runtime,
      backend: "wasm",
      reason: `onnxruntime-node has no ${arch} build; ${runtime.reason}`,
    };
  }
  return runtime;
}
