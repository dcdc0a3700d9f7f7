import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { createServer } from "node:http";

export interface ServedRequest {
  path: string;
  range: string | null;
  status: number;
}

/**
 * A tiny stand-in for the hub's `GET /api/artifacts/:sha256`: device Basic auth, Range requests, and
 * optionally a first response for one file that breaks off mid-body (`cut`) to exercise resuming.
 */
export async function startArtifactServer(opts: {
  files: string[];
  deviceId: string;
  secret: string;
  cut?: { file: string; after: number };
}) {
  const bySha = new Map<string, Buffer>();
  for (const f of opts.files) {
    const data = readFileSync(f);
    bySha.set(createHash("sha256").update(data).digest("hex"), data);
  }
  const requests: ServedRequest[] = [];
  let cutDone = opts.cut === undefined;
  const cutSha = opts.cut ? createHash("sha256").update(readFileSync(opts.cut.file)).digest("hex") : "";
  const expected = `Basic ${Buffer.from(`${opts.deviceId}:${opts.secret}`).toString("base64")}`;
  const server = createServer((req, res) => {
    const path = req.url ?? "";
    const range = req.headers.range ?? null;
    const done = (status: number) => requests.push({ path, range, status });
    if (req.headers.authorization !== expected) {
      done(401);
      res.writeHead(401).end();
      return;
    }
    const sha = path.replace(/^\/api\/artifacts\//, "");
    const data = bySha.get(sha);
    if (!data) {
      done(404);
      res.writeHead(404).end();
      return;
    }
    const m = range ? /^bytes=(\d+)-$/.exec(range) : null;
    const from = m ? Number(m[1]) : 0;
    if (from >= data.byteLength) {
      done(416);
      res.writeHead(416).end();
      return;
    }
    const body = data.subarray(from);
    const status = m ? 206 : 200;
    done(status);
    res.writeHead(status, {
      "content-length": body.byteLength,
      ...(m ? { "content-range": `bytes ${from}-${data.byteLength - 1}/${data.byteLength}` } : {}),
    });
    if (!cutDone && sha === cutSha) {
      cutDone = true;
      res.write(body.subarray(0, opts.cut?.after));
      setTimeout(() => res.destroy(), 50);
      return;
    }
    res.end(body);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
