import { z } from "zod";

const count = z.number().int().nonnegative();

const trafficSchema = z.object({ messages: count, bytes: count }).strict();

/**
 * The data-locality audit (docs/data-locality.md): every byte the agent wrote towards the hub during
 * one job's window, counted where each transport writes — MQTT packets as encoded (fixed header,
 * variable header, payload; every packet type: PUBLISH, PUBACK, PINGREQ, SUBSCRIBE, CONNECT…) and
 * HTTP requests (request line, headers, body). TCP/IP headers and TLS or WebSocket framing are below
 * that layer and not counted. The window runs from the moment the agent starts working on the job to
 * the moment its result document is complete; the result message itself is outside it (the hub sees
 * its size on arrival). `idle` is what the agent sent between the previous job's window (or its own
 * start) and this one: telemetry, presence, acks, earlier results, reconnects.
 */
export const egressSchema = z
  .object({
    bytesOut: count,
    /** MQTT packets plus HTTP requests. */
    messages: count,
    /** The largest single MQTT packet or HTTP request of the window. */
    largestMessageBytes: count,
    mqtt: trafficSchema,
    http: trafficSchema,
    window: z.object({ from: z.iso.datetime(), to: z.iso.datetime() }).strict(),
    idle: trafficSchema.extend({ seconds: z.number().nonnegative() }).strict(),
  })
  .strict()
  .refine((e) => e.bytesOut === e.mqtt.bytes + e.http.bytes, {
    message: "egress.bytesOut must equal mqtt.bytes + http.bytes",
    path: ["bytesOut"],
  })
  .refine((e) => e.messages === e.mqtt.messages + e.http.messages, {
    message: "egress.messages must equal mqtt.messages + http.messages",
    path: ["messages"],
  })
  .refine((e) => e.largestMessageBytes <= e.bytesOut && (e.messages > 0 || e.bytesOut === 0), {
    message: "egress.largestMessageBytes cannot exceed bytesOut, and bytes need messages",
    path: ["largestMessageBytes"],
  });

export type Egress = z.infer<typeof egressSchema>;
