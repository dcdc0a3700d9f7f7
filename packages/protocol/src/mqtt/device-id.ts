import { z } from "zod";

/**
 * A device id is one topic level, the MQTT client id and the MQTT username. The alphabet has no '/',
 * '+', '#', '$' or U+0000, so an id can never add a topic level, act as a wildcard or reach a system
 * topic (MQTT 3.1.1 section 4.7); lowercase only, because topic matching is case sensitive
 * [MQTT-4.7.3-4] and people type these ids. Brokers must accept client ids longer than the 23
 * characters [MQTT-3.1.3-5] guarantees; Mosquitto, EMQX and aedes do.
 */
export const DEVICE_ID_PATTERN = /^[a-z0-9][a-z0-9-]{2,62}$/;

export const deviceIdSchema = z
  .string()
  .regex(
    DEVICE_ID_PATTERN,
    "device ids are 3-63 characters: lowercase letters, digits and '-', not starting with '-'",
  );

export function isDeviceId(value: unknown): value is string {
  return typeof value === "string" && DEVICE_ID_PATTERN.test(value);
}
