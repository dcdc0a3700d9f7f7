import { Duplex } from "node:stream";

/**
 * Two connected in-memory streams: what one writes, the other reads. The hub's own MQTT client talks
 * to the embedded broker over such a pair, so it needs no port, no TLS trust and no reachable --host,
 * yet speaks real MQTT through the same code path as against an external broker.
 * (node:stream's duplexPair arrives only in Node 22.6.)
 */
export function duplexPair(): [Duplex, Duplex] {
  let a!: Duplex;
  let b!: Duplex;
  const make = (peer: () => Duplex) =>
    new Duplex({
      read() {},
      write(chunk, _encoding, callback) {
        peer().push(chunk);
        callback();
      },
      final(callback) {
        peer().push(null);
        callback();
      },
      destroy(error, callback) {
        const other = peer();
        if (!other.destroyed) other.destroy();
        callback(error);
      },
    });
  a = make(() => b);
  b = make(() => a);
  return [a, b];
}
