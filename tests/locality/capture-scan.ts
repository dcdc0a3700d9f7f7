/** MQTT control packet types by their fixed header's high nibble [MQTT-2.2.1]. */
const PACKET_TYPES = [
  "reserved",
  "connect",
  "connack",
  "publish",
  "puback",
  "pubrec",
  "pubrel",
  "pubcomp",
  "subscribe",
  "suback",
  "unsubscribe",
  "unsuback",
  "pingreq",
  "pingresp",
  "disconnect",
] as const;

export interface WirePacket {
  type: (typeof PACKET_TYPES)[number];
  /** The whole packet: fixed header, remaining length, variable header and payload. */
  bytes: number;
  /** PUBLISH only: its topic. */
  topic?: string;
}

/**
 * The MQTT packets of one client→broker byte stream, split by the fixed header's remaining length
 * (a variable-length integer of up to four bytes [MQTT-2.2.3]). Throws on a stream that does not
 * end on a packet boundary: the capture would then not be the whole conversation.
 */
export function splitMqttPackets(stream: Buffer): WirePacket[] {
  const packets: WirePacket[] = [];
  let at = 0;
  while (at < stream.length) {
    const first = stream[at]!;
    let remaining = 0;
    let multiplier = 1;
    let i = at + 1;
    for (;;) {
      const b = stream[i++];
      if (b === undefined) throw new Error(`MQTT stream ends inside a fixed header at byte ${at}`);
      remaining += (b & 0x7f) * multiplier;
      multiplier *= 128;
      if ((b & 0x80) === 0) break;
    }
    const end = i + remaining;
    if (end > stream.length) throw new Error(`MQTT stream ends inside a packet at byte ${at}`);
    const type = PACKET_TYPES[first >> 4] ?? "reserved";
    const packet: WirePacket = { type, bytes: end - at };
    if (type === "publish")
      packet.topic = stream.subarray(i + 2, i + 2 + stream.readUInt16BE(i)).toString("utf8");
    packets.push(packet);
    at = end;
  }
  return packets;
}

/** Every `width`-byte window of `haystack` that is in `windows`, as [offset, window] pairs (first 5). */
export function windowHits(haystack: Buffer, windows: Set<string>, width: number): [number, string][] {
  const hits: [number, string][] = [];
  const text = haystack.toString("latin1");
  for (let at = 0; at + width <= text.length && hits.length < 5; at++) {
    const w = text.slice(at, at + width);
    if (windows.has(w)) hits.push([at, w]);
  }
  return hits;
}

/**
 * Every run of `n` consecutive voxels of the images, as the bytes they are stored in (int16
 * little-endian, at every voxel offset) and as decimal text (`v0,v1,…` — how JSON would carry them).
 */
export function voxelWindows(images: Int16Array[], n: number): { raw: Set<string>; decimal: Set<string> } {
  const raw = new Set<string>();
  const decimal = new Set<string>();
  for (const image of images) {
    const bytes = Buffer.from(image.buffer, image.byteOffset, image.byteLength).toString("latin1");
    for (let v = 0; v + n <= image.length; v++) {
      raw.add(bytes.slice(v * 2, (v + n) * 2));
      decimal.add(Array.from(image.subarray(v, v + n)).join(","));
    }
  }
  return { raw, decimal };
}

/** Runs of `n` comma-separated integers in `text` (whitespace after commas ignored), each as `a,b,…`. */
export function decimalRuns(text: string, n: number): string[] {
  const runs: string[] = [];
  for (const m of text.matchAll(/-?\d+(?:\s*,\s*-?\d+)+/g)) {
    const values = m[0].split(/\s*,\s*/);
    for (let i = 0; i + n <= values.length; i++) runs.push(values.slice(i, i + n).join(","));
  }
  return runs;
}
