import { describe, expect, it } from "vitest";
import { decodeMessage, decodeTopicMessage, encodeMessage, preparePublish } from "./codec.ts";
import { exampleMessages } from "./examples/messages.ts";
import { kindSpecs, messageKinds } from "./kinds.ts";
import { newEnvelope } from "./messages/common.ts";

const device = "pi4-clinic-07";
const bytes = (text: string) => Buffer.from(text, "utf8");

describe("encode then decode", () => {
  it.each(messageKinds)("%s round-trips through topic and payload", (kind) => {
    const out = preparePublish(kind, exampleMessages[kind] as never);
    expect(out.topic).toBe(`edgeseg/v1/devices/${device}/${kind}`);
    expect(out.qos).toBe(kindSpecs[kind].qos);
    expect(out.retain).toBe(kindSpecs[kind].retained);
    const decoded = decodeTopicMessage(out.topic, out.payload);
    expect(decoded).toEqual({ ok: true, kind, deviceId: device, message: exampleMessages[kind] });
  });

  it("gives every new envelope its own lowercase uuid", () => {
    const a = newEnvelope(device, new Date("2026-11-26T10:00:00Z"));
    const b = newEnvelope(device);
    expect(a.messageId).not.toBe(b.messageId);
    expect(a.sentAt).toBe("2026-11-26T10:00:00.000Z");
    const payload = encodeMessage("telemetry", { ...exampleMessages.telemetry, ...a });
    expect(decodeMessage("telemetry", payload, device).ok).toBe(true);
  });
});

describe("decodeMessage refuses", () => {
  const state = bytes(JSON.stringify(exampleMessages.state));

  it("a body that speaks for another device than its topic", () => {
    expect(decodeMessage("state", state, "pi-other-02")).toEqual({
      ok: false,
      error: 'state: body deviceId "pi4-clinic-07" differs from the topic\'s device "pi-other-02"',
    });
  });

  it("an oversize payload before parsing it", () => {
    const limit = kindSpecs.telemetry.maxBytes;
    // Not JSON at all: the size check must answer first.
    const result = decodeMessage("telemetry", Buffer.alloc(limit + 1, 0x7b), device);
    expect(result).toEqual({
      ok: false,
      error: `telemetry: payload is ${limit + 1} bytes; the limit is ${limit}`,
    });
    const padded = bytes(JSON.stringify(exampleMessages.telemetry).padEnd(limit, " "));
    expect(padded.byteLength).toBe(limit);
    expect(decodeMessage("telemetry", padded, device).ok).toBe(true);
  });

  it.each([
    ["invalid JSON", bytes('{"protocolVersion":1,'), "payload is not UTF-8 JSON"],
    ["invalid UTF-8", Buffer.from([0x7b, 0x22, 0xc3, 0x28, 0x22, 0x7d]), "payload is not UTF-8 JSON"],
    ["an empty payload (a cleared retained message)", Buffer.alloc(0), "payload is empty"],
    ["a JSON array", bytes("[]"), "(message): "],
    ["JSON null", bytes("null"), "(message): "],
    [
      "a wrong protocol version",
      bytes(JSON.stringify({ ...exampleMessages.state, protocolVersion: 2 })),
      "protocolVersion",
    ],
  ])("%s", (_name, payload, error) => {
    const result = decodeMessage("state", payload, device);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error).toContain(error);
  });

  it("topics that are not this protocol's", () => {
    for (const topic of ["edgeseg/v1/devices/+/state", "edgeseg/v1/devices/pi4-clinic-07/nope", "$SYS/x"]) {
      expect(decodeTopicMessage(topic, state)).toEqual({
        ok: false,
        error: `"${topic}" is not a topic of this protocol`,
      });
    }
  });

  it("a message of one kind sent on another kind's topic", () => {
    const result = decodeTopicMessage(`edgeseg/v1/devices/${device}/telemetry`, state);
    expect(result.ok).toBe(false);
  });
});

describe("encodeMessage refuses", () => {
  it("an invalid message, naming the field", () => {
    const bad = { ...exampleMessages.progress, done: 500 };
    expect(() => encodeMessage("progress", bad)).toThrow(
      expect.objectContaining({
        code: "INPUT",
        message: expect.stringContaining("done: done cannot exceed total"),
      }),
    );
  });

  it("a result document too large for the wire (13 organs: ~840 cases fit)", () => {
    const doc = structuredClone(exampleMessages.results);
    const organ = { labelValue: 1, dice: 0.912345678, nsd: 0.87456789, hd95: 4.123456 };
    const organs = Object.fromEntries(Array.from({ length: 13 }, (_, i) => [`organ-name-${i}`, organ]));
    const one = { ...doc.result.accuracy!.cases[0]!, organs };
    const withCases = (n: number) => {
      const accuracy = doc.result.accuracy!;
      accuracy.cases = Array.from({ length: n }, (_, i) => ({ ...one, caseId: `case_${i}` }));
      // Aggregates that follow from the cases, as the engine computes them (the document is checked whole).
      const aggregate = { n, meanDice: organ.dice, meanNsd: organ.nsd, meanHd95: organ.hd95 };
      accuracy.organs = Object.fromEntries(Object.keys(organs).map((name) => [name, aggregate]));
      accuracy.meanDice = organ.dice;
      accuracy.meanNsd = organ.nsd;
      const totalMs = one.timing.totalMs;
      doc.result.timing!.perCase = { count: n, meanMs: totalMs, p50Ms: totalMs, maxMs: totalMs };
      doc.result.resources!.wallMs = n * totalMs + 10_000;
      return doc;
    };
    expect(encodeMessage("results", withCases(800)).byteLength).toBeLessThanOrEqual(
      kindSpecs.results.maxBytes,
    );
    expect(() => encodeMessage("results", withCases(900))).toThrow(
      /refusing to send a results message of \d+ bytes/,
    );
  });
});
