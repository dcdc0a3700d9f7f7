/**
 * Whose weights a stored result measured, read from its document (`model.weights`): "synthetic" for a
 * skeleton filled on the device from per-tensor statistics (docs/skeletons.md: timing and memory only,
 * no accuracy), "own" for the model's own weights. Read defensively, as resultReasons does: it labels
 * numbers, it decides nothing.
 */
export function resultWeights(documentText: string): "own" | "synthetic" {
  try {
    const doc = JSON.parse(documentText) as { model?: { weights?: unknown } } | null;
    return doc?.model?.weights === "synthetic" ? "synthetic" : "own";
  } catch {
    return "own";
  }
}
