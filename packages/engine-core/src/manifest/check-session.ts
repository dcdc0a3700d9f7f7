import { AppError } from "@edgeseg/protocol";
import type { GraphIO, Session } from "../runtime/types.ts";
import type { GraphSpec, TensorSpec } from "./schema.ts";

type Kind = "input" | "output";

function shapeText(shape: readonly (number | string)[]): string {
  return `[${shape.join(", ")}]`;
}

/**
 * A dimension the graph fixes must be the manifest's; a dimension the graph leaves symbolic may be
 * fixed by the manifest (the manifest is then the narrower promise).
 */
function dimDifferences(kind: Kind, spec: TensorSpec, io: GraphIO): string[] {
  if (!io.shape) return [];
  const label = `${kind} "${spec.name}"`;
  if (io.shape.length !== spec.shape.length) {
    return [`${label} shape: manifest ${shapeText(spec.shape)}, graph ${shapeText(io.shape)}`];
  }
  const out: string[] = [];
  io.shape.forEach((g, i) => {
    const m = spec.shape[i]!;
    if (typeof g === "number" && g !== m) {
      const mText = typeof m === "number" ? String(m) : `symbolic "${m}"`;
      out.push(`${label} dimension ${i}: manifest ${mText}, graph fixes it at ${g}`);
    }
  });
  return out;
}

function differences(kind: Kind, specs: readonly TensorSpec[], graph: readonly GraphIO[]): string[] {
  const out: string[] = [];
  for (const spec of specs) {
    const io = graph.find((g) => g.name === spec.name);
    if (!io) {
      out.push(
        `${kind} "${spec.name}" is not in the graph (graph ${kind}s: ${graph.map((g) => g.name).join(", ")})`,
      );
      continue;
    }
    if (io.elementType !== null && io.elementType !== spec.elementType) {
      out.push(`${kind} "${spec.name}" element type: manifest ${spec.elementType}, graph ${io.elementType}`);
    }
    out.push(...dimDifferences(kind, spec, io));
  }
  for (const io of graph) {
    if (!specs.some((s) => s.name === io.name))
      out.push(`graph ${kind} "${io.name}" is missing from the manifest`);
  }
  return out;
}

/** Every way the loaded graph's inputs and outputs disagree with the manifest (empty when they agree). */
export function sessionDifferences(session: Pick<Session, "inputs" | "outputs">, spec: GraphSpec): string[] {
  return [
    ...differences("input", spec.inputs, session.inputs),
    ...differences("output", spec.outputs, session.outputs),
  ];
}

export function checkSessionAgainstManifest(
  session: Pick<Session, "inputs" | "outputs">,
  spec: GraphSpec,
  role = "model",
): void {
  const diffs = sessionDifferences(session, spec);
  if (diffs.length === 0) return;
  throw new AppError(
    "INPUT",
    `${spec.file} does not match its manifest (graphs.${role}): ${diffs.join("; ")}. ` +
      `Correct graphs.${role}.inputs/outputs to describe the graph, or use the ONNX file the manifest was written for.`,
  );
}
