/**
 * Why a stored result is INVALID or failed, read from its document. A failed run's reason lives in
 * one place, `validity.reasons` (the engine's failedResult writes `<reason>: <message>` there), so it
 * is shown once: `failure` is read only for a document whose reasons do not already say it (one from
 * an agent that left the list empty). The document was validated on ingest; it is read defensively
 * here all the same, because a reason list is only shown, never trusted.
 */
export function resultReasons(documentText: string): string[] {
  let doc: unknown;
  try {
    doc = JSON.parse(documentText);
  } catch {
    return [];
  }
  if (typeof doc !== "object" || doc === null) return [];
  const { validity, failure } = doc as { validity?: { reasons?: unknown }; failure?: unknown };
  const reasons = Array.isArray(validity?.reasons)
    ? validity.reasons.filter((r): r is string => typeof r === "string" && r.trim() !== "")
    : [];
  if (typeof failure === "object" && failure !== null) {
    const { reason, message } = failure as { reason?: unknown; message?: unknown };
    if (typeof reason === "string") {
      const text = typeof message === "string" && message !== "" ? `${reason}: ${message}` : reason;
      if (!reasons.includes(text)) reasons.unshift(text);
    }
  }
  return reasons;
}
