import { AppError } from "@edgeseg/protocol";

/**
 * Refuses a write whose Origin names another host (a same-site but cross-origin page), as server
 * actions do; SameSite=Lax already keeps the session cookie off cross-site POSTs. `Origin: null`
 * (sandboxed frames, some redirects) is refused too. Non-browser clients (curl, tests) send no Origin.
 */
export function checkOrigin(request: Request): void {
  if (request.method === "GET" || request.method === "HEAD") return;
  const origin = request.headers.get("origin");
  if (origin === null) return;
  const host = request.headers.get("x-forwarded-host") ?? request.headers.get("host");
  let from: string | null = null;
  try {
    from = new URL(origin).host;
  } catch {
    // "null" or garbage: not this site
  }
  if (from === null || from !== host) {
    throw new AppError(
      "FORBIDDEN",
      `cross-origin write from ${origin} refused: use the dashboard's own pages`,
    );
  }
}

/**
 * Requires `Content-Type: application/json`. A cross-site HTML form can only send urlencoded,
 * multipart or text/plain bodies without a CORS preflight (Fetch standard, "CORS-safelisted request
 * header"), so a JSON-only endpoint cannot be driven by another site's form (log-in CSRF).
 */
export function requireJson(request: Request): void {
  const type = request.headers.get("content-type") ?? "";
  if (!/^application\/json\s*(;|$)/i.test(type)) {
    throw new AppError(
      "USAGE",
      `expected Content-Type: application/json, got ${type ? `"${type}"` : "none"}: send the body as JSON`,
    );
  }
}
