import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { guardPacketSize } from "./packet-size-guard.ts";

/** Feeds `chunks` through a guarded stream; returns why it was refused, or null. */
function feed(chunks: number[][], limit = 100): string | null {
  const conn = new PassThrough();
  let refused: string | null = null;
  guardPacketSize(conn, limit, (reason) => {
    refused = reason;
  });
  for (const chunk of chunks) if (!conn.destroyed) conn.write(Buffer.from(chunk));
  return refused;
}

// Fixed header: type byte, then Remaining Length, 7 bits per byte, low first (MQTT 3.1.1 section 2.2.3).
describe("guardPacketSize", () => {
  it("lets packets within the limit through, across chunk boundaries", () => {
    const pingreq = [0xc0, 0x00];
    const publish = [0x30, 100, ...new Array(100).fill(0x61)];
    expect(feed([[...pingreq, ...publish.slice(0, 50)], publish.slice(50), pingreq])).toBeNull();
    expect(feed([[0x30], [100], new Array(100).fill(0), [0xc0], [0x00]])).toBeNull();
  });

  it("refuses a packet announcing more than the limit as soon as its length is read", () => {
    // 0x65 0x01 = 101 + 1·128 = 229 bytes, split over two chunks.
    expect(feed([[0x30, 0xe5], [0x01]])).toBe("packet of 229 bytes; the limit is 100");
    expect(feed([[0xc0, 0x00, 0x30, 101]])).toBe("packet of 101 bytes; the limit is 100");
  });

  it("refuses a Remaining Length longer than four bytes", () => {
    expect(feed([[0x30, 0xff, 0xff, 0xff, 0xff, 0x01]], 1e9)).toBe(
      "malformed Remaining Length (more than 4 bytes)",
    );
  });

  it("counts the body, not the next header, after a packet with a multi-byte length", () => {
    const body = new Array(200).fill(0x30);
    expect(feed([[0x30, 0xc8, 0x01, ...body, 0xc0, 0x00]], 200)).toBeNull();
  });
});
