import type { ClientRequest } from "node:http";
import type { Socket } from "node:net";
import type { Egress } from "@edgeseg/protocol";
import type { MqttClient } from "mqtt";

interface Counters {
  mqttMessages: number;
  mqttBytes: number;
  httpMessages: number;
  httpBytes: number;
}

export interface EgressMeter {
  /**
   * Counts every MQTT packet this client writes. Call it before `client.connect()` (the client made
   * with `manualConnect`), or the CONNECT packet is missed.
   */
  watchMqtt(client: MqttClient): void;
  /** Counts the bytes of one HTTP request (request line, headers, body) as written to its socket. */
  watchHttp(req: ClientRequest): void;
  /** Opens a job's window; the function it returns closes it and returns the audit. */
  openWindow(): () => Egress;
  /** Totals since the meter was made (for tests and logs). */
  totals(): Readonly<Counters>;
}

type Write = (chunk: unknown, ...rest: unknown[]) => boolean;

const chunkBytes = (chunk: unknown, encoding: unknown): number =>
  typeof chunk === "string"
    ? Buffer.byteLength(chunk, typeof encoding === "string" ? (encoding as BufferEncoding) : "utf8")
    : ((chunk as Uint8Array | null)?.byteLength ?? 0);

/**
 * The agent's data-locality audit (docs/data-locality.md): one meter per agent process, counting at
 * the one place each transport writes — the MQTT client's stream (every packet mqtt.js writes goes
 * through `stream.write`, synchronously after its `packetsend` event) and each HTTP request's socket.
 */
export function createEgressMeter(now: () => Date = () => new Date()): EgressMeter {
  const total: Counters = { mqttMessages: 0, mqttBytes: 0, httpMessages: 0, httpBytes: 0 };
  const wrapped = new WeakSet<object>();
  let packetBytes = 0;
  let largest = 0;
  let lastEnd = { at: now(), counters: { ...total } };

  function wrapWrite(stream: { write: Write }, onBytes: (n: number) => void): void {
    if (wrapped.has(stream)) return;
    wrapped.add(stream);
    const write = stream.write;
    stream.write = function (this: unknown, chunk: unknown, ...rest: unknown[]) {
      onBytes(chunkBytes(chunk, rest[0]));
      return write.call(this, chunk, ...rest);
    };
  }

  return {
    watchMqtt(client) {
      // mqtt-packet writes one packet in several chunks, all in the same tick as `packetsend`.
      client.on("packetsend", () => {
        total.mqttMessages++;
        packetBytes = 0;
        wrapWrite(client.stream as unknown as { write: Write }, (n) => {
          total.mqttBytes += n;
          packetBytes += n;
          largest = Math.max(largest, packetBytes);
        });
      });
    },
    watchHttp(req) {
      total.httpMessages++;
      let requestBytes = 0;
      // A kept-alive socket serves one request at a time: its writes belong to the request it was
      // last handed to.
      req.once("socket", (socket: Socket & { egressRequest?: (n: number) => void }) => {
        socket.egressRequest = (n) => {
          total.httpBytes += n;
          requestBytes += n;
          largest = Math.max(largest, requestBytes);
        };
        wrapWrite(socket as unknown as { write: Write }, (n) => socket.egressRequest?.(n));
      });
    },
    openWindow() {
      const from = now();
      const start = { ...total };
      const idle = {
        messages:
          start.mqttMessages +
          start.httpMessages -
          lastEnd.counters.mqttMessages -
          lastEnd.counters.httpMessages,
        bytes: start.mqttBytes + start.httpBytes - lastEnd.counters.mqttBytes - lastEnd.counters.httpBytes,
        seconds: Math.max(0, (from.getTime() - lastEnd.at.getTime()) / 1000),
      };
      largest = 0;
      return () => {
        const to = now();
        const end = { ...total };
        lastEnd = { at: to, counters: end };
        const mqtt = {
          messages: end.mqttMessages - start.mqttMessages,
          bytes: end.mqttBytes - start.mqttBytes,
        };
        const http = {
          messages: end.httpMessages - start.httpMessages,
          bytes: end.httpBytes - start.httpBytes,
        };
        return {
          bytesOut: mqtt.bytes + http.bytes,
          messages: mqtt.messages + http.messages,
          largestMessageBytes: Math.min(largest, mqtt.bytes + http.bytes),
          mqtt,
          http,
          window: { from: from.toISOString(), to: to.toISOString() },
          idle,
        };
      };
    },
    totals: () => ({ ...total }),
  };
}
