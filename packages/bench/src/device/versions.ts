import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);

/**
 * The installed ONNX Runtime version, read from the package rather than by loading the native
 * binding (which does not exist on 32-bit ARM, where onnxruntime-web serves instead).
 */
export function onnxruntimeVersion(): string {
  for (const pkg of ["onnxruntime-node", "onnxruntime-web"]) {
    try {
      const json = JSON.parse(readFileSync(require.resolve(`${pkg}/package.json`), "utf8")) as {
        version?: unknown;
      };
      if (typeof json.version === "string") return json.version;
    } catch {
      // not installed: try the next runtime
    }
  }
  return "unavailable";
}
