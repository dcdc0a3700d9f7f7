import { createServer as createHttpServer } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import { createServer as createTcpServer, type Server, type Socket } from "node:net";
import { createServer as createTlsServer } from "node:tls";
import { createWebSocketStream, WebSocketServer } from "ws";
import { closeServer, listen } from "../net/listen.ts";
import { type Broker, MAX_PACKET_BYTES } from "./create-broker.ts";

export interface TlsFiles {
  cert: Buffer;
  key: Buffer;
}

export interface Listener {
  port: number;
  close(): Promise<void>;
}

/** MQTT over TCP, or over TLS when a certificate is given (mqtts://). */
export async function listenMqtt(
  broker: Broker,
  host: string,
  port: number,
  tls?: TlsFiles,
): Promise<Listener> {
  const onConnection = (socket: Socket) => broker.handle(socket);
  const server: Server = tls
    ? createTlsServer({ cert: tls.cert, key: tls.key }, onConnection)
    : createTcpServer(onConnection);
  const bound = await listen(server, host, port, tls ? "MQTT over TLS" : "MQTT");
  return { port: bound, close: () => closeServer(server) };
}

/**
 * MQTT over WebSocket (ws:// or wss://), for browsers and networks that pass only HTTP. Each
 * WebSocket becomes a byte stream for aedes; a frame larger than any MQTT packet we accept is refused
 * by ws itself (maxPayload) before it is buffered.
 */
export async function listenWebSocket(
  broker: Broker,
  host: string,
  port: number,
  tls?: TlsFiles,
): Promise<Listener> {
  const server = tls ? createHttpsServer({ cert: tls.cert, key: tls.key }) : createHttpServer();
  const wss = new WebSocketServer({ server, maxPayload: MAX_PACKET_BYTES });
  wss.on("connection", (ws, req) => {
    const stream = createWebSocketStream(ws);
    stream.on("error", () => stream.destroy());
    broker.handle(stream, req);
  });
  const bound = await listen(server, host, port, "MQTT over WebSocket");
  return {
    port: bound,
    close: async () => {
      for (const ws of wss.clients) ws.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      await closeServer(server);
    },
  };
}
