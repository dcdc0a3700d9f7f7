import type { GraphIO } from "./types.ts";

/** onnxruntime-common's InferenceSession.ValueMetadata (inputMetadata / outputMetadata, ORT ≥ 1.21). */
export interface OrtValueMetadata {
  readonly name: string;
  readonly isTensor: boolean;
  readonly type?: string;
  readonly shape?: readonly (number | string)[];
}

/** Unnamed dynamic dimensions come back as negative numbers or empty strings: call them "?". */
function dimOf(d: number | string): number | string {
  if (typeof d === "number") return d >= 0 ? d : "?";
  return d === "" ? "?" : d;
}

export function toGraphIO(
  names: readonly string[],
  metadata: readonly OrtValueMetadata[] | undefined,
): GraphIO[] {
  return names.map((name) => {
    const m = metadata?.find((x) => x.name === name);
    if (!m?.isTensor) return { name, elementType: null, shape: null };
    return { name, elementType: m.type ?? null, shape: m.shape ? m.shape.map(dimOf) : null };
  });
}
