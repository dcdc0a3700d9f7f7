/** The outcome of a Range header for a representation of `size` bytes (RFC 9110 section 14). */
export type RangeOutcome =
  | { kind: "whole" }
  | { kind: "partial"; start: number; end: number }
  | { kind: "unsatisfiable" };

const single = /^bytes[ \t]*=[ \t]*(\d*)-(\d*)[ \t]*$/i;

/**
 * One byte range, `bytes=first-last`, `bytes=first-` or `bytes=-suffix`, clamped to the file.
 * - No header, another unit, invalid syntax or several ranges: the whole file (a server MAY ignore
 *   Range, and MUST ignore a unit it does not understand, section 14.2). Agents ask for one range.
 * - first-pos beyond the end, or a zero suffix: unsatisfiable, answered 416 (sections 14.1.1, 15.5.17).
 * - A last-pos smaller than first-pos makes the range invalid, so it is ignored (section 14.1.1).
 */
export function parseRange(header: string | undefined, size: number): RangeOutcome {
  if (header === undefined) return { kind: "whole" };
  const m = single.exec(header);
  if (!m) return { kind: "whole" };
  const [, first = "", last = ""] = m;
  if (first === "" && last === "") return { kind: "whole" };
  if (first === "") {
    const suffix = Number(last);
    if (suffix === 0 || size === 0) return { kind: "unsatisfiable" };
    return { kind: "partial", start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(first);
  if (last !== "" && Number(last) < start) return { kind: "whole" };
  if (start >= size) return { kind: "unsatisfiable" };
  const end = last === "" ? size - 1 : Math.min(Number(last), size - 1);
  return { kind: "partial", start, end };
}
