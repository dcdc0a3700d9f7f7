import { randomBytes } from "node:crypto";
import { DEVICE_ID_PATTERN } from "@edgeseg/protocol";
import { SERVICE_CLIENT_ID_PREFIX } from "../broker/identity.ts";

const alphabet = "abcdefghijkmnpqrstuvwxyz23456789";

/**
 * A new device id: the device class as a readable prefix and 10 random characters (50 bits; no 0/o,
 * 1/l), e.g. `raspberry-pi-4-k3x9qa2m7w`. Always a valid device id (topic level, client id and
 * username), and never the service client's prefix.
 */
export function newDeviceId(deviceClassId: string): string {
  let prefix = deviceClassId
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 40);
  if (prefix === "" || prefix.startsWith(SERVICE_CLIENT_ID_PREFIX)) prefix = "device";
  const bytes = randomBytes(10);
  const suffix = Array.from(bytes, (b) => alphabet[b % alphabet.length]).join("");
  const id = `${prefix}-${suffix}`;
  if (!DEVICE_ID_PATTERN.test(id)) throw new Error(`generated device id ${id} is invalid`);
  return id;
}
