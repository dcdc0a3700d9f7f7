/**
 * Canonical JSON after RFC 8785 (JSON Canonicalization Scheme): object members sorted by their keys'
 * UTF-16 code units (section 3.2.3), no whitespace, strings and numbers serialised as ECMAScript's
 * JSON.stringify does (sections 3.2.2.2 and 3.2.2.3 adopt exactly that serialisation). Two parties
 * that hold equal JSON values produce the same bytes, whatever order the members arrived in.
 *
 * The values signed here are zod-validated documents: plain objects, arrays, strings, finite numbers,
 * booleans and null. Anything else has no JSON form, and is refused rather than silently dropped.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value === "boolean" || typeof value === "string") return JSON.stringify(value);
  if (typeof value === "number") {
    // [RFC 8785 3.2.2.3]: NaN and Infinity are not JSON numbers.
    if (!Number.isFinite(value)) throw new TypeError(`canonical JSON: ${value} is not a JSON number`);
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (typeof value === "object") {
    // Default sort compares UTF-16 code units, the order [RFC 8785 3.2.3] prescribes.
    const keys = Object.keys(value as object)
      .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
      .sort();
    const members = keys.map(
      (k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`,
    );
    return `{${members.join(",")}}`;
  }
  throw new TypeError(`canonical JSON: a ${typeof value} has no JSON form`);
}
