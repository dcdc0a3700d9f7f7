import { AppError } from "@edgeseg/protocol";

/** EDGESEG_SECURE_COOKIES: "auto" (default), or forced on (1) or off (0). */
export type SecureCookieSetting = "auto" | boolean;

/** True for localhost, *.localhost, 127.0.0.0/8 and [::1], with or without a port. */
export function isLoopbackHost(host: string | null): boolean {
  if (!host) return false;
  const name = host.startsWith("[") ? host.slice(1, host.indexOf("]")) : host.replace(/:\d+$/, "");
  const lower = name.toLowerCase();
  return (
    lower === "localhost" ||
    lower.endsWith(".localhost") ||
    lower === "::1" ||
    /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(lower)
  );
}

/**
 * Whether the session cookie is Secure, from the setting and how the request arrived (`proto` from
 * X-Forwarded-Proto, which Next sets, or a TLS proxy in front; `host` from the Host header).
 *
 * auto: Secure over https, and whenever the dashboard is reached by a name other than loopback. A
 * log-in over plain http from another machine is refused with a message instead: the password would
 * cross the network in clear, and a browser drops a Secure cookie set over http, so it could not work
 * anyway. Plain http on 127.0.0.1 / localhost (the quick start) keeps a non-Secure cookie.
 */
export function secureCookie(
  setting: SecureCookieSetting,
  request: { proto: string | null; host: string | null },
): boolean {
  if (setting !== "auto") return setting;
  const https = request.proto?.split(",")[0]?.trim().toLowerCase() === "https";
  if (https) return true;
  if (isLoopbackHost(request.host)) return false;
  throw new AppError(
    "FORBIDDEN",
    `log-in over plain HTTP at ${request.host ?? "an unknown host"} refused: the password would cross the network in clear. Serve the dashboard over HTTPS (docs/security.md), or on a trusted network only set EDGESEG_SECURE_COOKIES=0`,
  );
}
