import { createHash, randomBytes } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { basicAuth } from "../testing/http.ts";
import { startHub, type TestHub } from "../testing/hub.ts";
import { seedJob } from "../testing/jobs.ts";

let hub: TestHub;
let secret: string;
const bytes = randomBytes(1000);
const sha = createHash("sha256").update(bytes).digest("hex");
beforeAll(async () => {
  hub = await startHub();
  secret = await hub.addDevice("pi-fetch-01");
  await hub.addDevice("pi-wait-01", "pending");
  // As the registry stores it: the file under its sha256, the row's path relative to the store.
  mkdirSync(join(hub.dir, "artifacts"), { recursive: true });
  writeFileSync(join(hub.dir, "artifacts", sha), bytes);
  await hub.db.prisma.artifact.create({
    data: { sha256: sha, size: BigInt(bytes.length), path: sha, role: "model" },
  });
  await hub.addDevice("pi-other-01");
  // The artifact is the graph of a model that an open job of pi-fetch-01 names.
  await seedJob(hub.db, { id: "job-fetch", deviceId: "pi-fetch-01", graphs: { model: { sha256: sha } } });
});
afterAll(() => hub.dispose());

const get = (path: string, headers: Record<string, string> = {}, method = "GET") =>
  fetch(`${hub.httpUrl}${path}`, {
    method,
    headers: { authorization: basicAuth("pi-fetch-01", secret), ...headers },
  });

describe("GET /api/artifacts/:sha256", () => {
  it("serves the whole file to an active device", async () => {
    const res = await get(`/api/artifacts/${sha}`);
    expect(res.status).toBe(200);
    expect(res.headers.get("accept-ranges")).toBe("bytes");
    expect(res.headers.get("etag")).toBe(`"${sha}"`);
    const body = Buffer.from(await res.arrayBuffer());
    expect(createHash("sha256").update(body).digest("hex")).toBe(sha);
  });

  it("serves one byte range with 206 and Content-Range", async () => {
    const res = await get(`/api/artifacts/${sha}`, { range: "bytes=10-19" });
    expect(res.status).toBe(206);
    expect(res.headers.get("content-range")).toBe("bytes 10-19/1000");
    expect(Buffer.from(await res.arrayBuffer())).toEqual(bytes.subarray(10, 20));

    const tail = await get(`/api/artifacts/${sha}`, { range: "bytes=-7" });
    expect(tail.headers.get("content-range")).toBe("bytes 993-999/1000");
    expect(Buffer.from(await tail.arrayBuffer())).toEqual(bytes.subarray(993));

    const resume = await get(`/api/artifacts/${sha}`, { range: "bytes=600-" });
    expect(Buffer.from(await resume.arrayBuffer())).toEqual(bytes.subarray(600));
  });

  it("answers an unsatisfiable range with 416 and the size", async () => {
    const res = await get(`/api/artifacts/${sha}`, { range: "bytes=1000-" });
    expect(res.status).toBe(416);
    expect(res.headers.get("content-range")).toBe("bytes */1000");
  });

  it("answers HEAD with the headers only", async () => {
    const res = await get(`/api/artifacts/${sha}`, {}, "HEAD");
    expect([res.status, res.headers.get("content-length")]).toEqual([200, "1000"]);
  });

  it("requires an active device's credentials", async () => {
    const anonymous = await fetch(`${hub.httpUrl}/api/artifacts/${sha}`);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get("www-authenticate")).toMatch(/^Basic realm="edgeseg-hub"/);
    const wrong = await get(`/api/artifacts/${sha}`, { authorization: basicAuth("pi-fetch-01", "nope") });
    expect(wrong.status).toBe(401);
    const pending = await get(`/api/artifacts/${sha}`, {
      authorization: basicAuth("pi-wait-01", "secret-of-pi-wait-01-0123456789abcdef"),
    });
    expect(pending.status).toBe(403);
  });

  it("answers 404 for a malformed hash, and for a job's file that is registered but gone", async () => {
    expect((await get("/api/artifacts/..%2F..%2Fedgeseg.db")).status).toBe(404);
    const ghost = "e".repeat(64);
    await hub.db.prisma.artifact.create({ data: { sha256: ghost, size: 1n, path: ghost } });
    await seedJob(hub.db, {
      id: "job-ghost",
      deviceId: "pi-fetch-01",
      status: "queued",
      manifestSha256: ghost,
    });
    expect((await get(`/api/artifacts/${ghost}`)).status).toBe(404);
    expect(hub.logs.find(/file is missing/).map((l) => l.sha256)).toEqual([ghost]);
  });
});

describe("artifacts only for the device's own open jobs", () => {
  const refusal = async (res: Response) => ({ status: res.status, body: await res.json() });

  it("refuses a file no open job of the device names, whether it exists or not (403, the same answer)", async () => {
    const stray = randomBytes(64);
    const straySha = createHash("sha256").update(stray).digest("hex");
    writeFileSync(join(hub.dir, "artifacts", straySha), stray);
    await hub.db.prisma.artifact.create({
      data: { sha256: straySha, size: BigInt(stray.length), path: straySha, role: "model" },
    });
    for (const hash of [straySha, "0".repeat(64)]) {
      expect(await refusal(await get(`/api/artifacts/${hash}`))).toEqual({
        status: 403,
        body: {
          error: {
            code: "FORBIDDEN",
            message: `artifact ${hash} is not a file of any open job of device pi-fetch-01; artifacts are served only for the device's own jobs`,
          },
        },
      });
    }
  });

  it("refuses another device's job's file, and a finished job's; serves a queued job's manifest", async () => {
    const other = (path: string) =>
      fetch(`${hub.httpUrl}${path}`, {
        headers: { authorization: basicAuth("pi-other-01", "secret-of-pi-other-01-0123456789abcdef") },
      });
    // pi-fetch-01's job names `sha`; pi-other-01 has no job.
    expect((await other(`/api/artifacts/${sha}`)).status).toBe(403);
    const manifest = randomBytes(32);
    const manifestSha = createHash("sha256").update(manifest).digest("hex");
    writeFileSync(join(hub.dir, "artifacts", manifestSha), manifest);
    await hub.db.prisma.artifact.create({
      data: { sha256: manifestSha, size: BigInt(manifest.length), path: manifestSha, role: "manifest" },
    });
    await seedJob(hub.db, {
      id: "job-done",
      deviceId: "pi-other-01",
      status: "succeeded",
      manifestSha256: manifestSha,
    });
    expect((await other(`/api/artifacts/${manifestSha}`)).status).toBe(403);
    await hub.db.prisma.job.update({ where: { id: "job-done" }, data: { status: "queued" } });
    const served = await other(`/api/artifacts/${manifestSha}`);
    expect(served.status).toBe(200);
    expect(Buffer.from(await served.arrayBuffer())).toEqual(manifest);
  });
});
