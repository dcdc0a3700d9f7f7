import { AppError } from "@edgeseg/protocol";
import { firstLine } from "./errors.ts";
import type { ProviderLogger } from "./providers.ts";
import type { BackendName, Runtime } from "./types.ts";

/**
 * Imports the chosen runtime lazily, so a process that runs WASM never loads the native binding
 * and a binding that fails to load becomes an AppError instead of an import-time crash.
 */
export async function createRuntime(
  backend: BackendName,
  opts: { logger?: ProviderLogger } = {},
): Promise<Runtime> {
  if (backend === "wasm") return (await import("./wasm.ts")).createWasmRuntime(opts);
  try {
    return (await import("./node.ts")).createNodeRuntime(opts);
  } catch (err) {
    throw new AppError(
      "RUNTIME",
      `onnxruntime-node failed to load on ${process.platform}/${process.arch}: ${firstLine(err)}. ` +
        "Use --backend wasm (or auto, which falls back to it).",
      { cause: err },
    );
  }
}
