import { AppError } from "@edgeseg/protocol";
import { nativeBinaryTargets } from "./native-binaries.ts";
import { type NativeProbe, probeNativeBinding } from "./probe-native.ts";
import type { BackendName } from "./types.ts";

export type BackendRequest = "auto" | BackendName;

export interface BackendChoice {
  backend: BackendName;
  /** One sentence for the result document's runtime.backendReason. */
  reason: string;
}

/**
 * onnxruntime-node where it ships a binary for this platform/arch and the binary loads; onnxruntime-web
 * (WASM) otherwise — e.g. 32-bit Raspberry Pi OS, where Node reports arch "arm". An explicit "node"
 * request is refused rather than silently downgraded. The binding is probed only when platform/arch
 * are this machine's (a caller asking about another target gets the answer from the package layout).
 */
export function selectBackend(
  requested: BackendRequest,
  platform: string = process.platform,
  arch: string = process.arch,
  probe: NativeProbe = probeNativeBinding,
  targets: readonly string[] = nativeBinaryTargets(),
): BackendChoice {
  if (requested === "wasm") return { backend: "wasm", reason: "onnxruntime-web (WASM) was requested" };
  const target = `${platform}/${arch}`;
  const shipped = targets.length ? targets.join(", ") : "none";
  if (!targets.includes(target)) {
    const why = `onnxruntime-node ships no native binary for ${target} (it has: ${shipped})`;
    if (requested === "node") throw new AppError("USAGE", `${why}. Use --backend wasm or --backend auto.`);
    return { backend: "wasm", reason: `${why}; using onnxruntime-web (WASM)` };
  }
  const here = platform === process.platform && arch === process.arch;
  const failure = here ? probe() : null;
  if (failure !== null) {
    const why = `onnxruntime-node's native binding for ${target} failed to load (${failure})`;
    if (requested === "node") throw new AppError("RUNTIME", `${why}. Use --backend wasm or --backend auto.`);
    return { backend: "wasm", reason: `${why}; using onnxruntime-web (WASM)` };
  }
  const how = requested === "node" ? "was requested and " : "";
  return { backend: "node", reason: `onnxruntime-node ${how}ships a native binary for ${target}` };
}
