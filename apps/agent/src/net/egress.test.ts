import { createServer, type Server } from "node:net";
import { egressSchema } from "@edgeseg/protocol";
import { Aedes } from "aedes";
import mqtt from "mqtt";
import { afterEach, describe, expect, it } from "vitest";
import { createEgressMeter } from "./egress.ts";
import { hubRequest, readText } from "./hub-request.ts";

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

/** A TCP server on 127.0.0.1 that counts every byte it receives, in front of `handle`. */
async function countingServer(handle: (socket: import("node:net").Socket) => void) {
  const received = { bytes: 0, connections: 0 };
  const open = new Set<import("node:net").Socket>();
  let onEmpty: (() => void) | null = null;
  const server: Server = createServer((socket) => {
    received.connections++;
    open.add(socket);
    socket.on("close", () => {
      open.delete(socket);
      if (open.size === 0) onEmpty?.();
    });
    socket.on("data", (d: Buffer) => {
      received.bytes += d.length;
    });
    handle(socket);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  closers.push(async () => {
    for (const socket of open) socket.destroy();
    await new Promise<void>((r) => server.close(() => r()));
  });
  const address = server.address();
  const allClosed = () => (open.size === 0 ? Promise.resolve() : new Promise<void>((r) => (onEmpty = r)));
  return { port: typeof address === "object" && address ? address.port : 0, received, server, allClosed };
}

/** Length of an MQTT 3.1.1 PUBLISH at QoS 1: fixed header, topic, packet id, payload [MQTT-3.3]. */
function publishBytes(topic: string, payload: number): number {
  const remaining = 2 + Buffer.byteLength(topic) + 2 + payload;
  const varint = remaining < 128 ? 1 : remaining < 16_384 ? 2 : 3;
  return 1 + varint + remaining;
}

describe("egress meter", () => {
  it("counts every MQTT packet byte the broker receives, CONNECT and DISCONNECT included", async () => {
    const aedes = await Aedes.createBroker();
    closers.push(() => new Promise<void>((r) => aedes.close(() => r())));
    const srv = await countingServer((socket) => aedes.handle(socket));
    let tick = 0;
    const clock = () => {
      tick += 1;
      return new Date(Date.parse("2026-12-03T09:00:00.000Z") + tick * 1000);
    };
    const meter = createEgressMeter(clock);
    const client = mqtt.connect(`mqtt://127.0.0.1:${srv.port}`, {
      protocolVersion: 4,
      reconnectPeriod: 0,
      manualConnect: true,
      clientId: "egress-test",
    });
    const connected = new Promise((r) => client.once("connect", r));
    meter.watchMqtt(client);
    client.connect();
    await connected;
    await client.publishAsync("edgeseg/d/telemetry", Buffer.alloc(10, 1), { qos: 1 });
    const before = meter.totals();
    const close = meter.openWindow();
    await client.publishAsync("edgeseg/d/results", Buffer.alloc(5000, 2), { qos: 1 });
    await client.publishAsync("edgeseg/d/progress", Buffer.alloc(20, 3), { qos: 1 });
    const audit = close();
    await client.endAsync();
    await srv.allClosed();

    expect(meter.totals().mqttBytes).toBe(srv.received.bytes);
    // CONNECT and one PUBLISH before the window, two PUBLISH in it, DISCONNECT after it.
    expect(before.mqttMessages).toBe(2);
    expect(meter.totals().mqttMessages).toBe(5);
    expect(egressSchema.parse(audit)).toEqual(audit);
    expect(audit.mqtt).toEqual({
      messages: 2,
      bytes: publishBytes("edgeseg/d/results", 5000) + publishBytes("edgeseg/d/progress", 20),
    });
    expect(audit.largestMessageBytes).toBe(publishBytes("edgeseg/d/results", 5000));
    expect(audit.http).toEqual({ messages: 0, bytes: 0 });
    expect(audit.idle).toEqual({ messages: 2, bytes: before.mqttBytes, seconds: 1 });
    expect(audit.window).toEqual({ from: "2026-12-03T09:00:02.000Z", to: "2026-12-03T09:00:03.000Z" });
  });

  it("counts HTTP request lines, headers and bodies as the server receives them, across a kept-alive socket", async () => {
    const srv = await countingServer((socket) => {
      let buffered = "";
      socket.on("data", (d: Buffer) => {
        buffered += d.toString("latin1");
        // One answer per complete request: headers end, then Content-Length bytes of body.
        for (;;) {
          const end = buffered.indexOf("\r\n\r\n");
          if (end < 0) return;
          const length = Number(/content-length: (\d+)/i.exec(buffered.slice(0, end))?.[1] ?? 0);
          if (buffered.length < end + 4 + length) return;
          buffered = buffered.slice(end + 4 + length);
          socket.write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: keep-alive\r\n\r\nok");
        }
      });
    });
    const meter = createEgressMeter();
    const close = meter.openWindow();
    const url = `http://127.0.0.1:${srv.port}/api/artifacts/abc`;
    const body = JSON.stringify({ token: "t".repeat(3000) });
    expect(await readText(await hubRequest(url, { meter }))).toBe("ok");
    expect(await readText(await hubRequest(url, { meter, method: "POST", body }))).toBe("ok");
    const audit = close();
    expect(audit.http.messages).toBe(2);
    expect(audit.http.bytes).toBe(srv.received.bytes);
    expect(audit.bytesOut).toBe(srv.received.bytes);
    // The POST is the larger request: its body plus its own request line and headers.
    expect(audit.largestMessageBytes).toBeGreaterThan(body.length);
    expect(audit.largestMessageBytes).toBeLessThan(srv.received.bytes - 40);
  });
});
