import { describe, expect, it } from "vitest";
import { isDeviceId } from "./device-id.ts";
import { messageKinds } from "./kinds.ts";
import { parseTopic, topicFor, topics } from "./topics.ts";

describe("device ids", () => {
  it.each(["pi4-clinic-07", "abc", "0rpi", "a".repeat(63)])("accepts %j", (id) => {
    expect(isDeviceId(id)).toBe(true);
  });
  it.each(["ab", "a".repeat(64), "-pi", "Pi4", "pi_4", "pi/4", "pi+", "pi#", "$sys", "pi 4", "", 42])(
    "refuses %j",
    (id) => {
      expect(isDeviceId(id)).toBe(false);
    },
  );
});

describe("topics", () => {
  it("builds one subtree per device", () => {
    const t = topics.device("pi4-clinic-07");
    expect(t.results).toBe("edgeseg/v1/devices/pi4-clinic-07/results");
    expect(t["jobs/ack"]).toBe("edgeseg/v1/devices/pi4-clinic-07/jobs/ack");
    expect(Object.keys(t)).toEqual([...messageKinds]);
    expect(topics.allDevices("state")).toBe("edgeseg/v1/devices/+/state");
  });

  it("refuses to build topics for an id that could escape its level", () => {
    for (const id of ["+", "#", "a/b", "other/results/x"]) {
      expect(() => topics.device(id)).toThrow(/not a valid device id/);
    }
    expect(() => topics.device("A")).toThrow(expect.objectContaining({ name: "AppError", code: "INPUT" }));
  });
});

describe("parseTopic", () => {
  it("round-trips every kind", () => {
    for (const kind of messageKinds) {
      expect(parseTopic(topicFor("pi-01", kind))).toEqual({ deviceId: "pi-01", kind });
    }
  });

  it.each([
    "edgeseg/v1/devices/+/results", // wildcard
    "edgeseg/v1/devices/pi-01/#",
    "edgeseg/v1/devices/pi-01/jobs/+",
    "edgeseg/v1/devices/pi-01/secrets", // unknown kind
    "edgeseg/v1/devices/pi-01/results/", // trailing empty level
    "edgeseg/v1/devices/pi-01/jobs/ack/x",
    "edgeseg/v1/devices//results", // empty device level
    "edgeseg/v1/devices/PI-01/results", // bad id
    "edgeseg/v1/devices/pi-01",
    "/edgeseg/v1/devices/pi-01/results", // leading '/' is another topic
    "edgeseg/v2/devices/pi-01/results",
    "EdgeSeg/v1/devices/pi-01/results",
    "$SYS/broker/uptime",
    "",
  ])("refuses %j", (topic) => {
    expect(parseTopic(topic)).toBeNull();
  });
});
