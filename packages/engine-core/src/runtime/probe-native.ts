import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { firstLine } from "./errors.ts";

/** Returns why onnxruntime-node cannot load on this machine, or null when it loads. */
export type NativeProbe = () => string | null;

/** A one-node ONNX graph (Identity, opset 13, float32 [1] → [1]): 86 bytes, enough to create a session. */
const PROBE_MODEL =
  "CAdCAhANOjsKEAoBeBIBeSIISWRlbnRpdHkSBXByb2JlWg8KAXgSCgoICAESBAoCCAFiDwoBeRIKCggIARIECgIIAQ==";

/**
 * Loads onnxruntime-node in a throw-away Node process and creates and runs a session on a one-node
 * graph there: a binding that needs a newer glibc, a CPU without the instructions the binary was built
 * for (SIGILL), or a binary that dies when a session is created (SIGSEGV under qemu-user's arm64
 * emulation, docs/field-install.md) then fails there, not in the agent or the benchmark.
 */
export const probeNativeBinding: NativeProbe = () => {
  let entry: string;
  try {
    entry = createRequire(import.meta.url).resolve("onnxruntime-node");
  } catch (err) {
    return `onnxruntime-node is not installed (${firstLine(err)})`;
  }
  const script = [
    `const ort = require(${JSON.stringify(entry)});`,
    `ort.InferenceSession.create(Buffer.from("${PROBE_MODEL}", "base64"))`,
    `.then((s) => s.run({ x: new ort.Tensor("float32", new Float32Array([1]), [1]) }))`,
    `.then(() => process.exit(0), (e) => { console.error("error creating a session: " + e.message); process.exit(1); });`,
  ].join("");
  // EDGESEG_CHILD_NODE: the launcher for child Node processes under qemu-user (see run-isolated.ts).
  const child = spawnSync(process.env.EDGESEG_CHILD_NODE || process.execPath, ["-e", script], {
    encoding: "utf8",
    timeout: 60_000,
  });
  if (child.error) return firstLine(child.error);
  if (child.signal) return `loading it and creating a session was killed by ${child.signal}`;
  if (child.status !== 0) {
    const line = child.stderr.split("\n").find((l) => /error/i.test(l)) ?? child.stderr;
    return firstLine(line || `exit code ${child.status}`);
  }
  return null;
};
