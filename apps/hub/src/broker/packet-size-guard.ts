import type { Duplex } from "node:stream";

/**
 * Closes a connection as soon as a packet's fixed header announces more than `limit()` bytes (read
 * at each header, so the limit can grow once the client has authenticated), before
 * the body arrives: aedes's parser would otherwise buffer a packet of up to 256 MB (the largest
 * Remaining Length, section 2.2.3), from a client that has not even authenticated yet.
 *
 * It reads the same chunks as aedes (a 'data' listener beside aedes's 'readable' one receives each
 * chunk as aedes reads it, without changing the flow) and only walks the fixed headers: one type
 * byte, then the Remaining Length in 1-4 bytes of 7 bits each, low byte first, with 0x80 as the
 * continuation bit. A fifth length byte is malformed [MQTT-2.2.3] and also closes the connection.
 */
export function guardPacketSize(
  conn: Duplex,
  limit: number | (() => number),
  onRefused: (reason: string) => void,
): void {
  const limitNow = typeof limit === "number" ? () => limit : limit;
  let state: "type" | "length" | "body" = "type";
  let length = 0;
  let multiplier = 1;
  let lengthBytes = 0;
  let remaining = 0;

  const refuse = (reason: string) => {
    conn.removeListener("data", onData);
    onRefused(reason);
    conn.destroy();
  };

  function onData(chunk: Buffer) {
    let i = 0;
    while (i < chunk.length) {
      if (state === "type") {
        i += 1;
        state = "length";
        length = 0;
        multiplier = 1;
        lengthBytes = 0;
      } else if (state === "length") {
        const byte = chunk[i++]!;
        length += (byte & 0x7f) * multiplier;
        multiplier *= 128;
        lengthBytes += 1;
        if (byte & 0x80) {
          if (lengthBytes === 4) return refuse("malformed Remaining Length (more than 4 bytes)");
          continue;
        }
        const max = limitNow();
        if (length > max) return refuse(`packet of ${length} bytes; the limit is ${max}`);
        remaining = length;
        state = remaining > 0 ? "body" : "type";
      } else {
        const take = Math.min(remaining, chunk.length - i);
        i += take;
        remaining -= take;
        if (remaining === 0) state = "type";
      }
    }
  }

  conn.on("data", onData);
}
