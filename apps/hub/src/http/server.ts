import {
  createServer as createPlainServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from "node:http";
import { createServer as createHttpsServer } from "node:https";
import type { Socket } from "node:net";
import type { Db } from "@edgeseg/db";
import { AppError, type AuthGuard, type AuthLimits, authGuard, ENROLL_PATH } from "@edgeseg/protocol";
import type { DeviceProvisioning } from "@edgeseg/registry";
import type { Logger } from "pino";
import type { TlsFiles } from "../broker/listeners.ts";
import type { DeviceCredentials } from "../devices/credentials.ts";
import { type ConnectionCaps, connectionGate } from "../limits/connection-gate.ts";
import {
  readBundleManifest,
  serveBundleFile,
  serveBundleManifest,
  serveBundleSums,
} from "./agent-bundles.ts";
import { serveArtifact } from "./artifacts.ts";
import { handleEnroll } from "./enroll.ts";
import { renderInstallScript } from "./install-script.ts";
import { limitedCredentials } from "./limits.ts";
import { type PublicUrlConfig, publicUrls } from "./public-urls.ts";
import { HttpStatusError, sendError, sendJson } from "./respond.ts";

export interface HttpDeps {
  db: Db;
  logger: Logger;
  credentials: DeviceCredentials;
  /** Told about each enrolled device (apps/hub/src/broker-provision); none in some tests. */
  provisioning?: DeviceProvisioning;
  artifactsDir: string;
  /** The agent release bundles (npm run build:agent's output) served to install.sh and self-update. */
  agentBundlesDir: string;
  urls: PublicUrlConfig;
  now: () => Date;
  /** Extra facts for /healthz, e.g. whether the ingest client is connected. */
  health: () => { ok: boolean; [key: string]: unknown };
  /** Failed-attempt back-off, concurrent secret checks, connection caps (hub config). */
  limits: AuthLimits & ConnectionCaps;
}

/** Each surface's own limits, so a flood of bad enrolments does not block downloads, nor the reverse. */
interface Guards {
  enroll: AuthGuard;
  artifacts: AuthGuard;
}

const methodNotAllowed = (allow: string) =>
  new HttpStatusError(405, "USAGE", `method not allowed; use ${allow}`, { allow });

async function route(
  deps: HttpDeps,
  guards: Guards,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const address = req.socket.remoteAddress ?? "unknown";
  const path = (req.url ?? "/").split("?")[0]!;
  const method = req.method ?? "GET";
  if (path === "/healthz") {
    if (method !== "GET" && method !== "HEAD") throw methodNotAllowed("GET");
    const health = deps.health();
    return sendJson(res, health.ok ? 200 : 503, { status: health.ok ? "ok" : "degraded", ...health });
  }
  if (path === ENROLL_PATH) {
    if (method !== "POST") throw methodNotAllowed("POST");
    return handleEnroll(deps, req, res, { guard: guards.enroll, address });
  }
  if (path === "/install.sh" || path.startsWith("/api/agent/bundles")) {
    if (method !== "GET" && method !== "HEAD") throw methodNotAllowed("GET, HEAD");
    return serveAgentInstall(deps, req, res, path);
  }
  const artifact = /^\/api\/artifacts\/([^/]+)$/.exec(path);
  if (artifact) {
    if (method !== "GET" && method !== "HEAD") throw methodNotAllowed("GET, HEAD");
    const credentials = limitedCredentials(deps.credentials, guards.artifacts, address);
    return serveArtifact({ ...deps, credentials }, req, res, artifact[1]!);
  }
  throw new AppError("NOT_FOUND", `no such endpoint: ${method} ${path}`);
}

/** install.sh and the agent bundles: public, since a device fetches them before it is enrolled. */
async function serveAgentInstall(deps: HttpDeps, req: IncomingMessage, res: ServerResponse, path: string) {
  const dir = deps.agentBundlesDir;
  if (path === "/install.sh") {
    const { hubUrl } = publicUrls(req, deps.urls);
    const { caFingerprint } = deps.urls;
    const text = renderInstallScript({
      hubUrl,
      manifest: await readBundleManifest(dir),
      ...(caFingerprint ? { caFingerprint } : {}),
    });
    res.writeHead(200, {
      "content-type": "text/x-shellscript; charset=utf-8",
      "content-length": Buffer.byteLength(text),
      "cache-control": "no-store",
    });
    return void res.end(req.method === "HEAD" ? undefined : text);
  }
  if (path === "/api/agent/bundles") return serveBundleManifest(dir, res);
  if (path === "/api/agent/bundles/SHA256SUMS") return serveBundleSums(dir, res);
  const file = /^\/api\/agent\/bundles\/([^/]+)$/.exec(path);
  if (file) return serveBundleFile(dir, file[1]!, req, res);
  throw new AppError("NOT_FOUND", `no such endpoint: ${req.method} ${path}`);
}

/**
 * The hub's HTTP API on node:http: enrolment, artifacts, health. Every error becomes a JSON error
 * body; nothing a client sends can throw past the handler.
 */
export function createHttpServer(deps: HttpDeps, tls?: TlsFiles): Server {
  const logger = deps.logger.child({ component: "http" });
  const guards: Guards = {
    // Enrolment hashes a secret only after a valid single-use token, so a flood cannot make it hash;
    // a cap would only turn away honest devices enrolled in parallel. Failures are still limited.
    enroll: authGuard({ ...deps.limits, maxAuthChecks: Number.MAX_SAFE_INTEGER }, logger, "enroll"),
    artifacts: authGuard(deps.limits, logger, "artifacts"),
  };
  const gate = connectionGate(deps.limits, logger, "http");
  const handler = (req: IncomingMessage, res: ServerResponse) => {
    route({ ...deps, logger }, guards, req, res).catch((error) => sendError(res, error, logger));
  };
  const options = { requestTimeout: 30_000, headersTimeout: 10_000 };
  const server = tls
    ? createHttpsServer({ ...options, cert: tls.cert, key: tls.key }, handler)
    : createPlainServer(options, handler);
  server.on("connection", (socket: Socket) => gate.admit(socket));
  // A request Node's parser refuses (a negative Content-Length, Content-Length with Transfer-Encoding,
  // oversized headers) gets its 400 or 431 before the socket closes, as Node's http documentation
  // recommends, instead of a silent hang-up the client cannot tell from a network fault.
  server.on("clientError", (err: NodeJS.ErrnoException, socket) => {
    if (!socket.writable || (err as { code?: string }).code === "ECONNRESET") {
      socket.destroy();
      return;
    }
    const status =
      err.code === "HPE_HEADER_OVERFLOW" ? "431 Request Header Fields Too Large" : "400 Bad Request";
    socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  });
  return server;
}
