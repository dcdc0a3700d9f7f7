import { connect } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startHub, type TestHub } from "../testing/hub.ts";

let hub: TestHub;
beforeAll(async () => {
  hub = await startHub();
});
afterAll(() => hub?.close());

/** Sends raw bytes to the hub's HTTP port and returns everything it answers before closing. */
function raw(request: string): Promise<string> {
  const url = new URL(hub.httpUrl);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(url.port), url.hostname, () => socket.write(request));
    let answer = "";
    socket.setEncoding("latin1");
    socket.on("data", (chunk) => {
      answer += chunk;
    });
    socket.on("close", () => resolve(answer));
    socket.on("error", reject);
    socket.setTimeout(5_000, () => socket.destroy(new Error("no answer within 5 s")));
  });
}

describe("requests the HTTP parser refuses", () => {
  it.each([
    ["a negative Content-Length", "POST /api/enroll HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n"],
    [
      "Content-Length together with Transfer-Encoding",
      "POST /api/enroll HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
    ],
    ["a malformed request line", "GARBAGE\r\n\r\n"],
  ])("answer 400 and close for %s", async (_what, request) => {
    expect(await raw(request)).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/);
  });

  it("answer 431 for headers larger than the parser takes", async () => {
    const request = `GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: ${"a".repeat(20_000)}\r\n\r\n`;
    expect(await raw(request)).toMatch(/^HTTP\/1\.1 431 /);
  });
});
