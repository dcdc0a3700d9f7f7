import type { BirthMessage, DeviceInfo } from "@edgeseg/protocol";
import { newEnvelope } from "@edgeseg/protocol";

export interface Capabilities {
  backends: ("node" | "wasm")[];
  executionProviders: string[];
  pipelines: ("semantic-2d" | "promptable-2d" | "semantic-3d-patch")[];
}

/**
 * What this agent can run: onnxruntime-web (WASM) always; onnxruntime-node where its native binding
 * loads (probed once, in a throw-away process, by the engine's backend selection).
 */
export async function detectCapabilities(): Promise<Capabilities> {
  const { selectBackend, supportedPipelines } = await import("@edgeseg/bench/lite");
  const native = selectBackend("auto").backend === "node";
  return {
    backends: native ? ["node", "wasm"] : ["wasm"],
    executionProviders: ["cpu"],
    pipelines: [...supportedPipelines],
  };
}

export function birthMessage(
  deviceId: string,
  connectionId: string,
  agentVersion: string,
  device: DeviceInfo,
  capabilities: Capabilities,
): BirthMessage {
  return { ...newEnvelope(deviceId), connectionId, agentVersion, device, capabilities };
}
