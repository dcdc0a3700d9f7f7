import type { IncomingMessage } from "node:http";
import { AppError } from "@edgeseg/protocol";
import type { DeviceCredentials } from "../devices/credentials.ts";
import { HttpStatusError } from "./respond.ts";

const challenge = { "www-authenticate": 'Basic realm="edgeseg-hub", charset="UTF-8"' };

/**
 * HTTP Basic authentication with the device's MQTT credentials (RFC 7617): user-id = device id,
 * password = device secret. Returns the device id; throws 401 with a challenge, or 403 for a device
 * that is pending or disabled.
 */
export async function authenticateDevice(
  req: IncomingMessage,
  credentials: DeviceCredentials,
): Promise<string> {
  const header = req.headers.authorization ?? "";
  const m = /^Basic[ ]+([A-Za-z0-9+/=]+)$/i.exec(header);
  if (!m)
    throw new HttpStatusError(
      401,
      "UNAUTHORIZED",
      "device credentials required (HTTP Basic: device id and secret)",
      challenge,
    );
  const decoded = Buffer.from(m[1]!, "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  // The user-id cannot contain a colon; the password may (RFC 7617 section 2).
  const deviceId = colon < 0 ? decoded : decoded.slice(0, colon);
  const secret = colon < 0 ? "" : decoded.slice(colon + 1);
  const check = await credentials.check(deviceId, secret);
  if (check.ok) return deviceId;
  if (check.reason === "not-active") throw new AppError("FORBIDDEN", `device ${deviceId} is ${check.status}`);
  throw new HttpStatusError(401, "UNAUTHORIZED", "unknown device or wrong secret", challenge);
}
