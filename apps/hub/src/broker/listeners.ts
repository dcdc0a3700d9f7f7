import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import { createServer as createTcpServer, type Server, type Socket } from "node:net";
import type { Duplex } from "node:stream";
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
  const onConnection = (socket: Socket) => broker.handle(socket, socket);
  const server: Server = tls
    ? createTlsServer({ cert: tls.cert, key: tls.key }, onConnection)
    : createTcpServer(onConnection);
  const bound = await listen(server, host, port, tls ? "MQTT over TLS" : "MQTT");
  return { port: bound, close: () => closeServer(server) };
}

/**
 * MQTT over WebSocket (ws:// or wss://), for browsers and networks that pass only HTTP. Each
 * WebSocket becomes a byte stream for aedes; a frame larger than any MQTT packet we accept is refused
 * by ws itself (maxPayload) before it is buffered. A plain HTTP request gets 426 Upgrade Required at
 * once (RFC 9110 15.5.22) instead of waiting for Node's request timeout. ws runs without a server of
 * its own (noServer): attached to one, it re-emits the server's 'error' on itself, where nothing
 * listens, and a port already in use would crash the hub instead of failing listen() with a message.
 */
export async function listenWebSocket(
  broker: Broker,
  host: string,
  port: number,
  tls?: TlsFiles,
): Promise<Listener> {
  const onRequest = (_req: IncomingMessage, res: ServerResponse) => {
    const body = JSON.stringify({
      error: {
        code: "USAGE",
        message: "this port serves MQTT over WebSocket only: connect with an MQTT client",
      },
    });
    res.writeHead(426, {
      upgrade: "websocket",
      connection: "close",
      "content-type": "application/json; charset=utf-8",
      "content-length": Buffer.byteLength(body),
    });
    res.end(body);
  };
  const options = { requestTimeout: 10_000, headersTimeout: 10_000 };
  const server = tls
    ? createHttpsServer({ ...options, cert: tls.cert, key: tls.key }, onRequest)
    : createHttpServer(options, onRequest);
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_PACKET_BYTES });
  server.on("upgrade", (req: IncomingMessage, socket: Duplex, head: Buffer) =>
    wss.handleUpgrade(req, socket, head, (ws) => {
      const stream = createWebSocketStream(ws);
      stream.on("error", () => stream.destroy());
      broker.handle(stream, req.socket);
    }),
  );
  server.on("clientError", (_err, socket) => socket.destroy());
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
