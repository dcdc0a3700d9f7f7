import { describe, expect, it } from "vitest";
import { canPublish, canSubscribe, checkConnect, checkPublish, checkSubscribe } from "./acl.ts";

const me = "pi-me-01";
const root = "edgeseg/v1/devices";

describe("canPublish", () => {
  it.each([
    [`${root}/${me}/birth`, true],
    [`${root}/${me}/state`, true],
    [`${root}/${me}/telemetry`, true],
    [`${root}/${me}/jobs/ack`, true],
    [`${root}/${me}/progress`, true],
    [`${root}/${me}/results`, true],
    [`${root}/${me}/events`, true],
    [`${root}/${me}/jobs`, false], // downstream: only the hub sends jobs
    [`${root}/${me}/commands`, false],
    [`${root}/pi-other-02/results`, false], // never speak for another device
    [`${root}/pi-other-02/state`, false],
    [`${root}/+/results`, false], // wildcard in a topic name [MQTT-4.7.1-1]
    [`${root}/${me}/+`, false],
    [`${root}/${me}/#`, false],
    [`${root}/${me}/results/`, false], // empty trailing level
    [`${root}//results`, false],
    [`${root}/${me}/results/extra`, false],
    [`${root}/${me.toUpperCase()}/results`, false], // case sensitive [MQTT-4.7.3-4]
    [`/${root}/${me}/results`, false],
    ["$SYS/broker/uptime", false],
    ["#", false],
    ["", false],
  ])("%s -> %s", (topic, allowed) => {
    expect(canPublish(me, topic)).toBe(allowed);
  });

  it("explains refusals", () => {
    expect(checkPublish(me, `${root}/pi-other-02/results`)).toBe('topic belongs to device "pi-other-02"');
    expect(checkPublish(me, `${root}/${me}/jobs`)).toBe("devices do not publish jobs");
    expect(checkPublish("Bad/Id", `${root}/${me}/results`)).toBe('"Bad/Id" is not a valid device id');
  });
});

describe("canSubscribe", () => {
  it.each([
    [`${root}/${me}/jobs`, true],
    [`${root}/${me}/commands`, true],
    [`${root}/pi-other-02/jobs`, false],
    [`${root}/pi-other-02/commands`, false],
    [`${root}/+/results`, false], // every device's results
    [`${root}/+/jobs`, false], // every device's jobs
    [`${root}/${me}/#`, false], // own subtree, but includes kinds a device may not read
    [`${root}/${me}/+`, false],
    [`${root}/${me}/jobs/#`, false], // '#' also matches jobs/ack [MQTT-4.7.1-2]
    [`${root}/${me}/jobs/ack`, false],
    [`${root}/${me}/results`, false],
    [`${root}/${me}/state`, false],
    ["edgeseg/v1/#", false],
    ["edgeseg/+/devices/pi-me-01/jobs", false],
    ["#", false],
    ["+", false],
    ["+/+/+/pi-me-01/jobs", false],
    ["$SYS/#", false],
    ["$SYS/broker/clients/connected", false],
    [`${root}/${me}/jobs/`, false], // empty trailing level
    [`${root}//jobs`, false], // empty device level
    [`${root}/${me}/jo#`, false], // malformed filter [MQTT-4.7.1-2]
    [`${root}/${me}+/jobs`, false], // malformed filter [MQTT-4.7.1-3]
    ["", false],
  ])("%s -> %s", (filter, allowed) => {
    expect(canSubscribe(me, filter)).toBe(allowed);
  });

  it("explains refusals", () => {
    expect(checkSubscribe(me, `${root}/${me}/#`)).toBe("wildcard filters are not allowed for devices");
    expect(checkSubscribe(me, `${root}/${me}/results`)).toBe("devices do not subscribe to results");
    expect(checkSubscribe(me, `${root}/${me}/jo#`)).toBe(
      "topic filter has a '#' that is not the whole last level",
    );
  });
});

describe("checkConnect", () => {
  it.each([
    [me, me, null],
    ["pi-other-02", me, 'client id "pi-other-02" must equal the username "pi-me-01"'], // session takeover
    [me, undefined, 'username "" is not a valid device id'],
    ["edgeseg-hub", "Edgeseg Hub", 'username "Edgeseg Hub" is not a valid device id'],
  ])("client %j as %j -> %j", (clientId, username, expected) => {
    expect(checkConnect(clientId, username)).toBe(expected);
  });
});
