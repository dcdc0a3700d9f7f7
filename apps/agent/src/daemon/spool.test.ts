import { mkdtemp, readdir, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { captureLogger } from "../testing/capture-logger.ts";
import { createSpool } from "./spool.ts";
import { encodeEntry } from "./spool-entry.ts";

const tmp = () => mkdtemp(join(tmpdir(), "edgeseg-spool-"));
const bytes = (n: number, fill: string) => Buffer.alloc(n, fill);

describe("disk spool", () => {
  it("keeps entries oldest first, byte for byte, across a reopen", async () => {
    const dir = await tmp();
    const { logger } = captureLogger();
    const spool = await createSpool(dir, { maxBytes: 1e6, logger });
    const payloadB = Buffer.from('{"b":"é"}');
    expect(await spool.put("results", "t/a", Buffer.from('{"a":1}'), "id-a")).toBe(true);
    expect(await spool.put("results", "t/b", payloadB, "id-b")).toBe(true);
    expect(await spool.put("results", "t/b", Buffer.from("other"), "id-b")).toBe(false);
    await spool.remove("id-a");
    await spool.put("events", "t/c", Buffer.from("{}"), "id-c");

    const reopened = await createSpool(dir, { maxBytes: 1e6, logger });
    expect(reopened.list().map((e) => [e.id, e.kind, e.topic])).toEqual([
      ["id-b", "results", "t/b"],
      ["id-c", "events", "t/c"],
    ]);
    expect(await reopened.read("id-b")).toEqual(payloadB);
    expect(reopened.bytes()).toBe(spool.bytes());
    // A later entry still sorts after the ones already there.
    await reopened.put("results", "t/d", Buffer.from("{}"), "id-d");
    expect((await createSpool(dir, { maxBytes: 1e6, logger })).list().map((e) => e.id)).toEqual([
      "id-b",
      "id-c",
      "id-d",
    ]);
  });

  it("drops the oldest entries only past the bound, with a warning naming each", async () => {
    const dir = await tmp();
    const { logger, warnings } = captureLogger();
    const entrySize = encodeEntry({
      id: "r-1",
      kind: "results",
      topic: "t",
      payload: bytes(400, "x"),
    }).byteLength;
    const spool = await createSpool(dir, { maxBytes: 2 * entrySize, logger });
    await spool.put("results", "t", bytes(400, "x"), "r-1");
    await spool.put("results", "t", bytes(400, "y"), "r-2");
    expect(warnings()).toHaveLength(0);
    expect(spool.bytes()).toBe(2 * entrySize);
    await spool.put("results", "t", bytes(400, "z"), "r-3");
    expect(spool.list().map((e) => e.id)).toEqual(["r-2", "r-3"]);
    expect(warnings()).toHaveLength(1);
    expect(warnings()[0]).toMatchObject({ dropped: "r-1", kind: "results" });
    expect(warnings()[0]!.msg).toContain("DROPPED");
    // One entry larger than the whole bound is kept: eviction never drops what was just stored.
    await spool.put("results", "t", bytes(3 * entrySize, "w"), "r-big");
    expect(spool.list().map((e) => e.id)).toEqual(["r-big"]);
    expect(warnings().map((w) => w.dropped)).toEqual(["r-1", "r-2", "r-3"]);
    expect((await readdir(dir)).filter((n) => n.endsWith(".msg"))).toHaveLength(1);
  });

  it("quarantines torn and tampered entries instead of failing, and deletes unfinished puts", async () => {
    const dir = await tmp();
    const { logger, warnings } = captureLogger();
    const good = encodeEntry({ id: "ok", kind: "results", topic: "t", payload: Buffer.from('{"x":1}') });
    const torn = encodeEntry({ id: "torn", kind: "results", topic: "t", payload: bytes(1000, "a") });
    await writeFile(join(dir, "000000000001.ok.msg"), good);
    await writeFile(join(dir, "000000000002.torn.msg"), torn.subarray(0, torn.byteLength - 10));
    await writeFile(join(dir, "000000000003.garbage.msg"), "\u0000\u0000\u0000");
    await writeFile(join(dir, "000000000004.half.msg.tmp"), "partial");
    const spool = await createSpool(dir, { maxBytes: 1e6, logger });
    expect(spool.list().map((e) => e.id)).toEqual(["ok"]);
    expect(warnings().map((w) => w.why)).toEqual([
      "payload is 990 bytes, the header says 1000",
      "no header line",
    ]);
    expect((await readdir(join(dir, "quarantine"))).length).toBe(2);
    expect((await readdir(dir)).some((n) => n.endsWith(".tmp"))).toBe(false);

    // Damage after start-up is caught when the entry is read for publishing.
    const flipped = Buffer.from(good);
    flipped[flipped.byteLength - 2] = 0x32;
    await writeFile(join(dir, "000000000001.ok.msg"), flipped);
    expect(await spool.read("ok")).toBeNull();
    expect(spool.list()).toEqual([]);
    expect(warnings().at(-1)!.why).toBe("payload sha256 differs from the header's");
    expect((await readdir(join(dir, "quarantine"))).length).toBe(3);
    // Next sequence numbers continue after the quarantined ones' positions.
    await spool.put("results", "t", Buffer.from("{}"), "next");
    expect((await readdir(dir)).filter((n) => n.endsWith(".msg"))).toEqual(["000000000002.next.msg"]);
    expect((await readFile(join(dir, "000000000002.next.msg"))).includes(Buffer.from('"id":"next"'))).toBe(
      true,
    );
  });

  it("keeps a delivered result, marked durably, across a reopen until it is removed", async () => {
    const dir = await tmp();
    const { logger } = captureLogger();
    const spool = await createSpool(dir, { maxBytes: 1e6, logger });
    const payload = Buffer.from('{"r":1}');
    await spool.put("results", "t/r", payload, "r-1");
    await spool.put("events", "t/e", Buffer.from("{}"), "e-1");
    const size = spool.bytes();
    expect(await spool.markDelivered("r-1")).toBe(1);
    expect(await spool.markDelivered("r-1")).toBe(2);
    expect((await readdir(dir)).sort()).toEqual(["000000000001.r-1.sent-2.msg", "000000000002.e-1.msg"]);
    // Counted in the spool's size and still the same bytes.
    expect(spool.bytes()).toBe(size);
    expect(await spool.read("r-1")).toEqual(payload);

    const reopened = await createSpool(dir, { maxBytes: 1e6, logger });
    expect(reopened.list().map((e) => [e.id, e.deliveries])).toEqual([
      ["r-1", 2],
      ["e-1", 0],
    ]);
    expect(reopened.has("r-1")).toBe(true);
    expect(reopened.bytes()).toBe(size);
    expect(await reopened.read("r-1")).toEqual(payload);
    // A second put of the same id is still refused while it waits for its receipt.
    expect(await reopened.put("results", "t/r", payload, "r-1")).toBe(false);
    await reopened.remove("r-1");
    expect(await reopened.markDelivered("r-1")).toBeNull();
    expect(await readdir(dir)).toEqual(["000000000002.e-1.msg"]);
  });

  it("when full, drops results awaiting a receipt before undelivered messages", async () => {
    const dir = await tmp();
    const { logger, warnings } = captureLogger();
    const entrySize = encodeEntry({
      id: "u-1",
      kind: "results",
      topic: "t",
      payload: bytes(400, "x"),
    }).byteLength;
    const spool = await createSpool(dir, { maxBytes: 2 * entrySize + 20, logger });
    await spool.put("results", "t", bytes(400, "x"), "u-1");
    await spool.put("results", "t", bytes(400, "y"), "d-1");
    await spool.markDelivered("d-1");
    await spool.put("results", "t", bytes(400, "z"), "u-2");
    expect(spool.list().map((e) => e.id)).toEqual(["u-1", "u-2"]);
    expect(warnings()).toHaveLength(1);
    expect(warnings()[0]).toMatchObject({ dropped: "d-1", deliveries: 1 });
    expect(warnings()[0]!.msg).toContain("never confirmed storing");
    await spool.put("results", "t", bytes(400, "w"), "u-3");
    expect(spool.list().map((e) => e.id)).toEqual(["u-2", "u-3"]);
    expect(warnings()[1]).toMatchObject({ dropped: "u-1", deliveries: 0 });
    expect(warnings()[1]!.msg).toContain("undelivered");
  });

  it("refuses an id that is not a safe file name", async () => {
    const spool = await createSpool(await tmp(), { maxBytes: 1e6, logger: captureLogger().logger });
    await expect(spool.put("results", "t", Buffer.from("{}"), "../x")).rejects.toThrow(/safe file name/);
  });
});
