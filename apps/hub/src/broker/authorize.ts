import {
  checkPublish,
  checkSubscribe,
  kindSpecs,
  parseTopic,
  topics,
  upstreamKinds,
} from "@edgeseg/protocol";
import type { Identity } from "./identity.ts";

interface PublishRequest {
  topic: string;
  payload: Buffer | string;
  retain: boolean;
}

/**
 * Why `who` may not publish this packet, or null. The size limit of the topic's kind is checked first,
 * before any other work on the payload; then the per-device ACL of @edgeseg/protocol. Retained flags
 * must match the kind (only birth and state are retained), so no device can park a large message in
 * the broker's retained store.
 */
export function publishRefusal(who: Identity, packet: PublishRequest): string | null {
  const parsed = parseTopic(packet.topic);
  const size = Buffer.byteLength(packet.payload);
  if (parsed && size > kindSpecs[parsed.kind].maxBytes) {
    return `payload is ${size} bytes; the ${parsed.kind} limit is ${kindSpecs[parsed.kind].maxBytes}`;
  }
  if (who.kind === "device") {
    const refusal = checkPublish(who.deviceId, packet.topic);
    if (refusal) return refusal;
  } else {
    if (!parsed) return "not a device topic of this protocol";
    if (kindSpecs[parsed.kind].direction !== "hub-to-device")
      return `the hub does not publish ${parsed.kind}`;
  }
  const kind = parsed!.kind;
  // A zero-length retained PUBLISH only clears the retained message [MQTT-3.3.1-10]; allowed on retained kinds.
  if (packet.retain && !kindSpecs[kind].retained) return `${kind} messages are not retained`;
  return null;
}

const serviceFilters = new Set(upstreamKinds.map((k) => topics.allDevices(k)));

/** Why `who` may not subscribe to `filter`, or null. */
export function subscribeRefusal(who: Identity, filter: string): string | null {
  if (who.kind === "device") return checkSubscribe(who.deviceId, filter);
  if (serviceFilters.has(filter)) return null;
  const parsed = parseTopic(filter);
  if (parsed && kindSpecs[parsed.kind].direction === "device-to-hub") return null;
  return "the service client subscribes only to device-to-hub kinds";
}
