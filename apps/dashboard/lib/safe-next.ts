/**
 * Where to go after logging in: only a path on this site. "//host" and "/\host" are refused because
 * browsers read them as another host (an open redirect).
 */
export function safeNext(next: string | undefined | null): string {
  if (!next?.startsWith("/") || next.startsWith("//") || next.startsWith("/\\")) return "/";
  return next;
}
