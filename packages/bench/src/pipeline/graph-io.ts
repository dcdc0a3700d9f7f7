import type { GraphSpec, Session, TensorData, TensorSpec } from "@edgeseg/engine-core";
import { AppError } from "@edgeseg/protocol";

/**
 * Checks that every tensor the manifest declares exists in the loaded graph, so a manifest that does
 * not describe its ONNX file fails at start with names instead of deep inside a run.
 */
export function checkGraphNames(session: Session, spec: GraphSpec, where: string): void {
  for (const [kind, declared, actual] of [
    ["input", spec.inputs, session.inputs],
    ["output", spec.outputs, session.outputs],
  ] as const) {
    const names = actual.map((io) => io.name);
    for (const t of declared) {
      if (!names.includes(t.name)) {
        throw new AppError(
          "INPUT",
          `${where}: the manifest names ${kind} "${t.name}" but ${spec.file} has ${kind}s ` +
            `${names.map((n) => `"${n}"`).join(", ")}; fix the manifest's ${kind}s`,
        );
      }
    }
  }
}

/** Checks an image input [N, C, H, W] against the preprocessing block; returns the fixed N or null. */
export function checkImageInput(
  input: TensorSpec,
  chw: readonly [number, number, number],
  where: string,
): number | null {
  const [n, ...rest] = input.shape;
  const mismatch = rest.length !== 3 || rest.some((d, i) => typeof d === "number" && d !== chw[i]);
  if (mismatch || input.elementType !== "float32") {
    throw new AppError(
      "INPUT",
      `${where}: input "${input.name}" is ${input.elementType} [${input.shape.join(", ")}] but the ` +
        `preprocessing block makes float32 [N, ${chw.join(", ")}]; make channels and resize match the graph`,
    );
  }
  return typeof n === "number" ? n : null;
}

/** The output as float32 with its dims, or a clear error (float16 outputs are not supported yet). */
export function floatOutput(
  outputs: Record<string, TensorData>,
  name: string,
  where: string,
): TensorData & { data: Float32Array } {
  const t = outputs[name];
  if (!t || !(t.data instanceof Float32Array)) {
    throw new AppError(
      "RUNTIME",
      `${where}: output "${name}" is ${t ? t.type : "missing"}; edgeseg reads float32 logits — export the graph with a float32 output`,
    );
  }
  return t as TensorData & { data: Float32Array };
}
