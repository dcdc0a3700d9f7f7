const BASE = "http://edgeseg.invalid";

/** C0 control characters, DEL and the backslash. */
const unsafeChar = (c: string) => c.charCodeAt(0) < 0x20 || c === "\u007f" || c === "\\";

/**
 * Where to go after logging in: only a path on this site, returned as the URL parser reads it.
 * Browsers drop tab, CR and LF anywhere in a URL and read "\" as "/" (WHATWG URL), so "/\t/evil.example"
 * and "/\evil.example" become "//evil.example", another host (an open redirect): any control
 * character or backslash is refused outright, and what remains must resolve to this site's origin.
 */
export function safeNext(next: string | undefined | null): string {
  if (!next?.startsWith("/") || [...next].some(unsafeChar)) return "/";
  let url: URL;
  try {
    url = new URL(next, BASE);
  } catch {
    return "/";
  }
  if (url.origin !== BASE || next.startsWith("//")) return "/";
  return `${url.pathname}${url.search}${url.hash}`;
}
