import { isDeviceId } from "./device-id.ts";
import { kindSpecs } from "./kinds.ts";
import { checkTopicFilter, checkTopicName } from "./topic-rules.ts";
import { parseTopic } from "./topics.ts";

/**
 * Per-device access control: a device publishes only its own upstream kinds and subscribes only to
 * its own `jobs` and `commands`, connecting with client id = username = device id. Each check returns why the request is refused, or null when allowed,
 * so the hub can log the reason; `canPublish` / `canSubscribe` are the boolean forms.
 */
export function checkConnect(clientId: string, username: string | undefined): string | null {
  if (!isDeviceId(username)) return `username "${username ?? ""}" is not a valid device id`;
  // Otherwise a device could take over another device's session with its client id [MQTT-3.1.4-2].
  if (clientId !== username) return `client id "${clientId}" must equal the username "${username}"`;
  return null;
}

export function checkPublish(deviceId: string, topic: string): string | null {
  if (!isDeviceId(deviceId)) return `"${deviceId}" is not a valid device id`;
  const invalid = checkTopicName(topic);
  if (invalid) return invalid;
  const parsed = parseTopic(topic);
  if (!parsed) return "not a device topic of this protocol";
  if (parsed.deviceId !== deviceId) return `topic belongs to device "${parsed.deviceId}"`;
  if (kindSpecs[parsed.kind].direction !== "device-to-hub") return `devices do not publish ${parsed.kind}`;
  return null;
}

export function checkSubscribe(deviceId: string, filter: string): string | null {
  if (!isDeviceId(deviceId)) return `"${deviceId}" is not a valid device id`;
  const invalid = checkTopicFilter(filter);
  if (invalid) return invalid;
  // A '+' or '#' matches every value of its level, including ids of devices enrolled later and kinds a
  // later version adds ('#' even matches its parent level, [MQTT-4.7.1-2]); no wildcard filter stays
  // inside the two topics a device may read, so only exact topic filters are allowed.
  if (/[+#]/.test(filter)) return "wildcard filters are not allowed for devices";
  const parsed = parseTopic(filter);
  if (!parsed) return "not a device topic of this protocol";
  if (parsed.deviceId !== deviceId) return `topic belongs to device "${parsed.deviceId}"`;
  if (kindSpecs[parsed.kind].direction !== "hub-to-device")
    return `devices do not subscribe to ${parsed.kind}`;
  return null;
}

export function canPublish(deviceId: string, topic: string): boolean {
  return checkPublish(deviceId, topic) === null;
}

export function canSubscribe(deviceId: string, filter: string): boolean {
  return checkSubscribe(deviceId, filter) === null;
}
