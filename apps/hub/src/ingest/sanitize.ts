/**
 * C0 and C1 controls (CR, LF, NUL, ESC, …), DEL, and the Unicode bidirectional formatting characters
 * (LRM/RLM, ALM, LRE…RLO, LRI…PDI) that reorder what a log viewer shows (CVE-2021-42574, "Trojan
 * Source"), plus line and paragraph separators.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point.
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/**
 * Device-supplied text made safe to log or show: each unsafe character becomes a visible escape
 * (`\n`, `\u202e`), so one event cannot forge log lines, hide text or reorder it, and nothing is lost.
 */
export function sanitizeText(text: string): string {
  return text.replace(UNSAFE, (c) => {
    if (c === "\n") return "\\n";
    if (c === "\r") return "\\r";
    if (c === "\t") return "\\t";
    return `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`;
  });
}
