import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { firstLine } from "./errors.ts";

/** Returns why onnxruntime-node cannot load on this machine, or null when it loads. */
export type NativeProbe = () => string | null;

/**
 * Loads onnxruntime-node in a throw-away Node process: a binding that needs a newer glibc, or a CPU
 * without the instructions the binary was built for (SIGILL), then fails there, not in the agent.
 */
export const probeNativeBinding: NativeProbe = () => {
  let entry: string;
  try {
    entry = createRequire(import.meta.url).resolve("onnxruntime-node");
  } catch (err) {
    return `onnxruntime-node is not installed (${firstLine(err)})`;
  }
  const child = spawnSync(process.execPath, ["-e", `require(${JSON.stringify(entry)})`], {
    encoding: "utf8",
    timeout: 60_000,
  });
  if (child.error) return firstLine(child.error);
  if (child.signal) return `loading it was killed by ${child.signal}`;
  if (child.status !== 0) {
    const line = child.stderr.split("\n").find((l) => /error/i.test(l)) ?? child.stderr;
    return firstLine(line || `exit code ${child.status}`);
  }
  return null;
};
