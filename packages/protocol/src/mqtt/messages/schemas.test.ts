import { describe, expect, it } from "vitest";
import { exampleMessages } from "../examples/messages.ts";
import { kindSpecs, messageKinds } from "../kinds.ts";
import { messageSchemas } from "../schemas.ts";
import { MAX_RECEIPT_IDS } from "./command.ts";

const clone = <T>(value: T): T => structuredClone(value);
const parse = (kind: (typeof messageKinds)[number], value: unknown) => messageSchemas[kind].safeParse(value);
const paths = (kind: (typeof messageKinds)[number], value: unknown) =>
  parse(kind, value).error?.issues.map((i) => i.path.join(".")) ?? [];

describe.each(messageKinds)("%s schema", (kind) => {
  const example = exampleMessages[kind] as Record<string, unknown>;

  it("accepts the realistic example", () => {
    expect(parse(kind, example).success).toBe(true);
  });

  it.each(["protocolVersion", "messageId", "sentAt", "deviceId"])("refuses a message without %s", (field) => {
    const { [field]: _dropped, ...rest } = example;
    expect(paths(kind, rest)).toContain(field);
  });

  it("refuses another protocol version", () => {
    expect(paths(kind, { ...example, protocolVersion: 2 })).toEqual(["protocolVersion"]);
    expect(paths(kind, { ...example, protocolVersion: "1" })).toEqual(["protocolVersion"]);
  });

  it("refuses unknown fields", () => {
    expect(parse(kind, { ...example, imagePixels: [1, 2, 3] }).success).toBe(false);
  });

  it("refuses ids that would not dedupe or route", () => {
    expect(paths(kind, { ...example, messageId: "C07F6C8E-91A3-44B5-8AC1-3C4D5E6F7081" })).toEqual([
      "messageId",
    ]);
    expect(paths(kind, { ...example, messageId: "not-a-uuid" })).toEqual(["messageId"]);
    expect(paths(kind, { ...example, deviceId: "pi/+" })).toEqual(["deviceId"]);
    expect(paths(kind, { ...example, sentAt: "2026-11-26 10:30" })).toEqual(["sentAt"]);
  });
});

describe("message-specific rules", () => {
  it("state: online only with reason connected", () => {
    const m = clone(exampleMessages.state);
    expect(paths("state", { ...m, status: "offline", reason: "connected" })).toEqual(["reason"]);
    expect(paths("state", { ...m, status: "online", reason: "connection-lost" })).toEqual(["reason"]);
    expect(parse("state", { ...m, status: "offline", reason: "connection-lost" }).success).toBe(true);
  });

  it("birth: device info is the result document's, strictly", () => {
    const m = clone(exampleMessages.birth);
    expect(paths("birth", { ...m, device: { ...m.device, serial: "x" } })).toEqual(["device"]);
    expect(paths("birth", { ...m, capabilities: { ...m.capabilities, backends: [] } })).toEqual([
      "capabilities.backends",
    ]);
    expect(paths("birth", { ...m, capabilities: { ...m.capabilities, backends: ["cuda"] } })).toEqual([
      "capabilities.backends.0",
    ]);
  });

  it("telemetry: percentages and memory are bounded; sensors may be missing", () => {
    const m = clone(exampleMessages.telemetry);
    expect(paths("telemetry", { ...m, cpuPercent: 101 })).toEqual(["cpuPercent"]);
    expect(paths("telemetry", { ...m, memoryUsedMb: 4000 })).toEqual(["memoryUsedMb"]);
    expect(paths("telemetry", { ...m, spoolDepth: -1 })).toEqual(["spoolDepth"]);
    const bare = { ...m, temperatureC: null, frequencyMhz: null, throttling: null, currentJobId: null };
    expect(parse("telemetry", bare).success).toBe(true);
    expect(paths("telemetry", { ...m, temperatureC: undefined })).toEqual(["temperatureC"]);
  });

  it("job: artifacts are hub paths and include the manifest", () => {
    const m = clone(exampleMessages.jobs);
    const withPath = (urlPath: string) => ({
      ...m,
      model: { ...m.model, artifacts: m.model.artifacts.map((a) => ({ ...a, urlPath })) },
    });
    for (const bad of [
      "https://evil.example/x",
      "//evil.example/x",
      "/api/../secret",
      "/api//x",
      "api/x",
      "/a/./b",
    ]) {
      expect(parse("jobs", withPath(bad)).success, bad).toBe(false);
    }
    const noManifest = { ...m, model: { ...m.model, artifacts: m.model.artifacts.slice(1) } };
    expect(paths("jobs", noManifest)).toEqual(["model.artifacts"]);
    expect(paths("jobs", { ...m, attempt: 0 })).toEqual(["attempt"]);
    expect(paths("jobs", { ...m, jobId: "../../etc" })).toEqual(["jobId"]);
    expect(paths("jobs", { ...m, scenarioOverrides: { singleStream: { minQueries: 0 } } })).toEqual([
      "scenarioOverrides.singleStream.minQueries",
    ]);
    expect(paths("jobs", { ...m, scenarioOverrides: { threads: 2 } })).toEqual(["scenarioOverrides"]);
    expect(parse("jobs", { ...m, scenarioOverrides: {} }).success).toBe(true);
  });

  it("job ack: a rejection needs a reason, an acceptance has none", () => {
    const m = clone(exampleMessages["jobs/ack"]);
    expect(paths("jobs/ack", { ...m, status: "rejected" })).toEqual(["reason"]);
    expect(paths("jobs/ack", { ...m, reason: "fine" })).toEqual(["reason"]);
    expect(parse("jobs/ack", { ...m, status: "rejected", reason: "no wasm backend" }).success).toBe(true);
  });

  it("progress: done never exceeds total", () => {
    const m = clone(exampleMessages.progress);
    expect(paths("progress", { ...m, done: 201 })).toEqual(["done"]);
    expect(paths("progress", { ...m, phase: "sleeping" })).toEqual(["phase"]);
  });

  it("result: jobId and attempt go together; the document is validated whole", () => {
    const m = clone(exampleMessages.results);
    expect(parse("results", { ...m, jobId: null, attempt: null }).success).toBe(true);
    expect(paths("results", { ...m, jobId: null })).toEqual(["attempt"]);
    const badDice = clone(m);
    badDice.result.accuracy!.cases[0]!.organs["liver"]!.dice = 1.2;
    expect(paths("results", badDice)).toEqual(["result.accuracy.cases.0.organs.liver.dice"]);
    expect(paths("results", { ...m, result: { ...m.result, schemaVersion: 2 } })).toEqual([
      "result.schemaVersion",
    ]);
  });

  it("events: codes are the AppError codes; jobId is optional", () => {
    const { jobId: _jobId, ...m } = clone(exampleMessages.events);
    expect(parse("events", m).success).toBe(true);
    expect(paths("events", { ...m, code: "OOPS" })).toEqual(["code"]);
    expect(paths("events", { ...m, message: "" })).toEqual(["message"]);
  });

  it("commands: arguments match the command", () => {
    const m = clone(exampleMessages.commands);
    expect(parse("commands", { ...m, command: "ping", args: {} }).success).toBe(true);
    expect(parse("commands", { ...m, command: "refresh-config", args: {} }).success).toBe(true);
    expect(paths("commands", { ...m, command: "ping" })).toEqual(["args"]);
    expect(paths("commands", { ...m, args: {} })).toEqual(["args.jobId"]);
    expect(paths("commands", { ...m, command: "reboot", args: {} })).toEqual(["command"]);
  });

  it("commands: a storage receipt names 1 to 64 lowercase resultIds, stored or refused", () => {
    const m = clone(exampleMessages.commands);
    const id = (n: number) => `9b2f6c1e-4d3a-4b8e-9f10-${String(n).padStart(12, "0")}`;
    const receipt = (args: unknown) => ({ ...m, command: "result-receipts", args });
    expect(parse("commands", receipt({ stored: [id(1)], refused: [] })).success).toBe(true);
    expect(parse("commands", receipt({ stored: [], refused: [id(1)] })).success).toBe(true);
    const most = Array.from({ length: MAX_RECEIPT_IDS }, (_, i) => id(i));
    expect(parse("commands", receipt({ stored: most.slice(0, 60), refused: most.slice(60) })).success).toBe(
      true,
    );
    // The most a receipt may carry fits the commands size limit with room to spare.
    const encoded = Buffer.byteLength(JSON.stringify(receipt({ stored: most, refused: [] })));
    expect(encoded).toBeLessThan(kindSpecs.commands.maxBytes);
    expect(paths("commands", receipt({ stored: [], refused: [] }))).toEqual(["args.stored"]);
    expect(paths("commands", receipt({ stored: most, refused: [id(99)] }))).toEqual(["args.stored"]);
    expect(paths("commands", receipt({ stored: [id(1).toUpperCase()], refused: [] }))).toEqual([
      "args.stored.0",
    ]);
    expect(paths("commands", receipt({ stored: [id(1)] }))).toEqual(["args.refused"]);
    expect(paths("commands", receipt({ stored: [id(1)], refused: [], extra: 1 }))).toEqual(["args"]);
  });
});
