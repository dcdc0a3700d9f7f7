import { request as httpRequest } from "node:http";
import { connect } from "node:net";
import { join } from "node:path";
import { ENROLL_PATH, exampleMessages } from "@edgeseg/protocol";
import { importModel } from "@edgeseg/registry";
import { dataDirLayout } from "../../../apps/hub/src/config/data-dir.ts";
import { repoRoot } from "../../support/process.ts";
import type { Family, FuzzContext } from "../family.ts";
import type { Verdict } from "../outcomes.ts";
import type { Rng } from "../rng.ts";
import { FuzzHub } from "./hub.ts";
import { mutateJson, mutateText } from "./json-mutate.ts";

type Sent = { status: number } | { closed: string } | { timeout: true };

function send(
  url: string,
  opts: { method: string; path: string; headers: Record<string, string>; body?: Buffer },
  timeoutMs: number,
): Promise<Sent> {
  return new Promise((resolve) => {
    const u = new URL(url);
    const req = httpRequest(
      {
        host: u.hostname,
        port: u.port,
        method: opts.method,
        path: opts.path,
        headers: opts.headers,
        agent: false,
      },
      (res) => {
        res.resume();
        res.on("end", () => resolve({ status: res.statusCode ?? 0 }));
        res.on("error", () => resolve({ status: res.statusCode ?? 0 }));
      },
    );
    req.setTimeout(timeoutMs, () => {
      req.destroy();
      resolve({ timeout: true });
    });
    req.on("error", (e) => resolve({ closed: (e as NodeJS.ErrnoException).code ?? e.message }));
    req.end(opts.body);
  });
}

/** Bytes no HTTP client library would send: the hub must answer or close, never hang or die. */
function sendRaw(url: string, bytes: Buffer, timeoutMs: number): Promise<Sent> {
  return new Promise((resolve) => {
    const u = new URL(url);
    const socket = connect(Number(u.port), u.hostname);
    let reply = "";
    const timer = setTimeout(() => {
      socket.destroy();
      resolve({ timeout: true });
    }, timeoutMs);
    socket.on("data", (d) => {
      reply += d.toString("latin1");
    });
    socket.on("error", () => {});
    socket.on("close", () => {
      clearTimeout(timer);
      const status = /^HTTP\/1\.[01] (\d{3})/.exec(reply)?.[1];
      resolve(status ? { status: Number(status) } : { closed: "closed without a response" });
    });
    socket.end(bytes);
  });
}

const RAW = [
  "GARBAGE\r\n\r\n",
  "GET / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
  "GET /healthz HTTP/1.1\r\n" + "X-Long: " + "a".repeat(70_000) + "\r\n\r\n",
  "POST /api/enroll HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n",
  "POST /api/enroll HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999999999999999\r\n\r\n{}",
  "GET /api/artifacts/%ZZ HTTP/1.1\r\nHost: x\r\n\r\n",
  "GET /healthz HTTP/9.9\r\nHost: x\r\n\r\n",
  "GET /healthz\r\n\r\n",
  "\u0000\u0001\u0002\u0003",
  "POST /api/enroll HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nffffffffffffffff\r\n{}\r\n0\r\n\r\n",
];

export const httpFamily: Family = {
  name: "http",
  async open(ctx: FuzzContext) {
    const hub = await new FuzzHub(ctx.dir).start({ other: false });
    // A registered model, so that some artifact requests name files the hub really has.
    const model = await importModel(
      hub.db,
      dataDirLayout(hub.dataDir).artifactsDir,
      join(repoRoot, "packages/bench/fixtures/models/threshold-seg/manifest.json"),
    );
    const realSha = model.artifacts.map((a) => a.sha256);
    const tokens = await Promise.all(Array.from({ length: 5 }, () => hub.token()));
    const device = (exampleMessages.results.result as { device: unknown }).device;
    const basic = (id: string, secret: string) =>
      `Basic ${Buffer.from(`${id}:${secret}`).toString("base64")}`;

    function enroll(rng: Rng): {
      method: string;
      path: string;
      headers: Record<string, string>;
      body?: Buffer;
      what: string;
    } {
      const body = {
        token:
          rng.chance(0.2) && tokens.length > 0
            ? rng.pick(tokens)
            : rng.bytes(rng.int(8, 40)).toString("base64url"),
        fingerprint: rng.bytes(32).toString("hex"),
        device,
        agentVersion: "0.1.0",
        name: `fuzz ${rng.int(0, 999)}`,
      };
      const headers: Record<string, string> = { "content-type": "application/json" };
      const roll = rng.int(0, 9);
      let bytes: Buffer;
      let what: string;
      if (roll <= 1) {
        bytes = Buffer.from(JSON.stringify(body));
        what = tokens.includes(body.token) ? "a real token (once valid)" : "a made-up token";
      } else if (roll <= 5) {
        const m = mutateJson(rng, body);
        bytes = Buffer.from(JSON.stringify(m.value));
        what = m.what;
      } else if (roll <= 7) {
        const t = mutateText(rng, JSON.stringify(body));
        bytes = t.bytes;
        what = t.what;
      } else if (roll === 8) {
        bytes = Buffer.alloc(rng.int(70_000, 3_000_000), 0x20);
        what = `${bytes.length} bytes of body`;
      } else {
        bytes = Buffer.from(JSON.stringify(body));
        headers["content-type"] = rng.pick([
          "text/plain",
          "application/x-www-form-urlencoded",
          "",
          "application/json; charset=utf-16",
        ]);
        what = `content-type ${JSON.stringify(headers["content-type"])}`;
      }
      return { method: "POST", path: ENROLL_PATH, headers, body: bytes, what: `enrol: ${what}` };
    }

    function artifact(rng: Rng) {
      const sha = rng.pick([
        ...realSha,
        rng.bytes(32).toString("hex"),
        realSha[0]!.toUpperCase(),
        "%2e%2e%2f%2e%2e%2fetc%2fpasswd",
        "..",
        "x".repeat(rng.int(1, 8000)),
        `${realSha[0]}%00`,
      ]);
      const auth = rng.pick([
        null,
        basic(hub.a.deviceId, hub.a.secret),
        basic(hub.a.deviceId, "wrong-secret-wrong-secret-wrong-secret"),
        "Basic",
        "Basic !!!",
        "Bearer x",
        `Basic ${"A".repeat(20_000)}`,
        basic("", ""),
        basic(hub.a.deviceId, `${hub.a.secret}:extra`),
      ]);
      const range = rng.pick([
        null,
        "bytes=0-10",
        "bytes=-5",
        "bytes=5-1",
        "bytes=0-99999999999999999999",
        "bytes=0-1,2-3",
        "items=0-1",
        "bytes=abc",
      ]);
      const headers: Record<string, string> = {};
      if (auth) headers.authorization = auth;
      if (range) headers.range = range;
      const method = rng.chance(0.8) ? "GET" : "HEAD";
      return {
        method,
        path: `/api/artifacts/${sha}`,
        headers,
        what: `artifact ${method} ${sha.slice(0, 20)} auth=${auth?.slice(0, 20) ?? "none"} range=${range ?? "none"}`,
      };
    }

    function other(rng: Rng) {
      const method = rng.pick(["GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "FOO"]);
      const path = rng.pick([
        "/",
        "/healthz",
        "/api",
        "/api/enroll/../healthz",
        "//api/enroll",
        "/api/artifacts/",
        "/%00",
        `/${"a".repeat(rng.int(1, 12_000))}`,
        `/api/artifacts/${"a".repeat(64)}/x`,
        `/healthz?${"x=1&".repeat(rng.int(1, 2000))}`,
      ]);
      return { method, path, headers: {}, what: `${method} ${path.slice(0, 40)}` };
    }

    return {
      async next(rng: Rng) {
        const before = hub.hub.lines.length;
        const roll = rng.int(0, 9);
        let sent: Sent;
        let what: string;
        if (roll >= 8) {
          const raw = rng.pick(RAW);
          what = `raw: ${JSON.stringify(raw.slice(0, 60))}`;
          sent = await sendRaw(hub.hub.httpUrl, Buffer.from(raw, "latin1"), ctx.timeoutMs);
        } else {
          const r = roll <= 3 ? enroll(rng) : roll <= 6 ? artifact(rng) : other(rng);
          what = r.what;
          sent = await send(hub.hub.httpUrl, r, ctx.timeoutMs);
        }
        await new Promise((r) => setTimeout(r, 5));
        const rss = hub.rssMb();
        if (await hub.reviveIfDead()) {
          return {
            input: what,
            verdict: { outcome: "crash", detail: `the hub died: ${hub.hub.output().slice(-500)}` },
          };
        }
        const error = hub.hub.lines.slice(before).find((l) => (l.level ?? 0) >= 50);
        let verdict: Verdict;
        if ("timeout" in sent) verdict = { outcome: "hang", detail: `no answer in ${ctx.timeoutMs} ms` };
        else if (error)
          verdict = { outcome: "crash", detail: `hub error: ${JSON.stringify(error).slice(0, 400)}` };
        else if (rss > ctx.memoryBoundMb)
          verdict = { outcome: "memory", detail: `hub RSS ${rss.toFixed(0)} MiB` };
        else if ("closed" in sent)
          verdict = { outcome: "refused", detail: `connection closed (${sent.closed})` };
        else if (sent.status >= 500 && sent.status !== 503)
          verdict = { outcome: "crash", detail: `HTTP ${sent.status}` };
        else if (sent.status >= 400) verdict = { outcome: "refused", detail: `HTTP ${sent.status}` };
        else verdict = { outcome: "accepted", detail: `HTTP ${sent.status}` };
        return { input: what, verdict };
      },
      async close() {
        const extra = { hubRestarts: hub.restarts };
        await hub.close();
        return extra;
      },
    };
  },
};
