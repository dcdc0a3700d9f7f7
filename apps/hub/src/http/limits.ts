import type { Admission, AuthGuard } from "@edgeseg/protocol";
import type { DeviceCredentials } from "../devices/credentials.ts";
import { HttpStatusError } from "./respond.ts";

/**
 * Throws the HTTP answer to a refused admission: 429 Too Many Requests for a blocked address or
 * identity (RFC 6585 section 4), 503 when the secret checks are at their cap; both with Retry-After
 * in seconds (RFC 9110 10.2.3). The agent's downloader (apps/agent daemon/artifacts.ts) treats both
 * as transient and retries with its own back-off (1 s doubling to 15 s, 4 retries).
 */
export function assertAdmitted(admission: Admission): asserts admission is Admission & { ok: true } {
  if (admission.ok) return;
  if (admission.why === "busy") {
    throw new HttpStatusError(
      503,
      "RUNTIME",
      "the hub is busy checking other credentials: retry in a second",
      {
        "retry-after": "1",
      },
    );
  }
  const seconds = Math.max(1, Math.ceil(admission.retryAfterMs / 1000));
  throw new HttpStatusError(
    429,
    "UNAUTHORIZED",
    `too many failed attempts (${admission.key}): retry in ${seconds} s`,
    { "retry-after": String(seconds) },
  );
}

/**
 * Device credentials behind a surface's limits, for one request from `address`: a blocked address or
 * device id, or a full cap, is refused before any secret is checked; a wrong secret or unknown device
 * counts as a failure, a verified one resets the device id's count.
 */
export function limitedCredentials(
  credentials: DeviceCredentials,
  guard: AuthGuard,
  address: string,
): DeviceCredentials {
  return {
    async check(deviceId, secret) {
      const admission = guard.admit(address, deviceId);
      assertAdmitted(admission);
      try {
        const check = await credentials.check(deviceId, secret);
        if (check.ok) guard.succeeded(deviceId);
        else if (check.reason !== "not-active") guard.failed(address, deviceId);
        return check;
      } finally {
        admission.release();
      }
    },
  };
}
