import { timingSafeEqual } from "node:crypto";
import { checkConnect } from "@edgeseg/protocol";
import type { AuthenticateError } from "aedes";
import type { Logger } from "pino";
import type { DeviceCredentials } from "../devices/credentials.ts";
import { type Identity, SERVICE_CLIENT_ID_PREFIX, SERVICE_USERNAME } from "./identity.ts";

/**
 * CONNACK return codes of MQTT 3.1.1 (section 3.2.2.3, Table 3.1). After a non-zero code the
 * server closes the connection [MQTT-3.2.2-5] with Session Present 0 [MQTT-3.2.2-4].
 */
export const CONNACK = {
  IDENTIFIER_REJECTED: 2,
  SERVER_UNAVAILABLE: 3,
  BAD_USERNAME_OR_PASSWORD: 4,
  NOT_AUTHORIZED: 5,
} as const;

export type Refusal = { returnCode: (typeof CONNACK)[keyof typeof CONNACK]; reason: string };

export interface AuthenticateDeps {
  credentials: DeviceCredentials;
  serviceSecret: string;
  logger: Logger;
}

/**
 * Decides who a CONNECT is: a device (client id = username = device id, its secret, status active),
 * the hub's service credential, or no one. Never throws: a broken stored hash is a refusal.
 */
export async function authenticateConnect(
  deps: AuthenticateDeps,
  clientId: string,
  username: string | undefined,
  password: Buffer | undefined,
): Promise<Identity | Refusal> {
  const secret = password?.toString("utf8") ?? "";
  if (username === SERVICE_USERNAME) {
    if (!clientId.startsWith(SERVICE_CLIENT_ID_PREFIX)) {
      return {
        returnCode: CONNACK.IDENTIFIER_REJECTED,
        reason: "service client id without the service prefix",
      };
    }
    return sameSecret(secret, deps.serviceSecret)
      ? { kind: "service", clientId }
      : { returnCode: CONNACK.BAD_USERNAME_OR_PASSWORD, reason: "wrong service secret" };
  }
  if (username === undefined || password === undefined) {
    return { returnCode: CONNACK.BAD_USERNAME_OR_PASSWORD, reason: "no username or password" };
  }
  const invalid = checkConnect(clientId, username);
  if (invalid) {
    // "The Client identifier is correct UTF-8 but not allowed by the Server" (Table 3.1, code 2).
    const code = invalid.startsWith("client id")
      ? CONNACK.IDENTIFIER_REJECTED
      : CONNACK.BAD_USERNAME_OR_PASSWORD;
    return { returnCode: code, reason: invalid };
  }
  try {
    const check = await deps.credentials.check(username, secret);
    if (check.ok) return { kind: "device", deviceId: check.deviceId };
    if (check.reason === "not-active") {
      if (check.status === "pending") {
        deps.logger.warn(
          { deviceId: username },
          `device ${username} awaits approval: run edgeseg-hub device approve ${username} --data-dir <dir>`,
        );
      }
      return { returnCode: CONNACK.NOT_AUTHORIZED, reason: `device is ${check.status}` };
    }
    return { returnCode: CONNACK.BAD_USERNAME_OR_PASSWORD, reason: check.reason };
  } catch (error) {
    // The database failed, not the device: code 3 tells the agent to retry later (Table 3.1).
    deps.logger.error({ deviceId: username, err: error }, "cannot check device credentials");
    return { returnCode: CONNACK.SERVER_UNAVAILABLE, reason: "credentials could not be checked" };
  }
}

/** The error aedes turns into a CONNACK with this return code. */
export function connackError(refusal: Refusal): AuthenticateError {
  return Object.assign(new Error(refusal.reason), { returnCode: refusal.returnCode }) as AuthenticateError;
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
