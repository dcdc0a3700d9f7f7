import { describe, expect, it } from "vitest";
import { checkTopicFilter, checkTopicName, topicMatches } from "./topic-rules.ts";

describe("checkTopicName", () => {
  it.each([
    ["a/b/c", null],
    ["/finance", null], // a leading '/' makes a distinct, valid topic (MQTT 3.1.1 section 4.7.3)
    ["Accounts payable", null],
    ["", "topic name is empty"],
    ["a/+/c", "topic name contains a wildcard ('+' or '#')"],
    ["a/#", "topic name contains a wildcard ('+' or '#')"],
    ["a\u0000b", "topic name contains the null character U+0000"],
    ["a/\uD800", "topic name contains an unpaired UTF-16 surrogate (not encodable as UTF-8)"],
  ])("%j -> %j", (topic, expected) => {
    expect(checkTopicName(topic)).toBe(expected);
  });

  it("counts the limit in UTF-8 bytes, not characters", () => {
    expect(checkTopicName("é".repeat(32_767))).toBeNull(); // 65,534 bytes
    expect(checkTopicName("é".repeat(32_768))).toBe("topic name is 65536 bytes long; the limit is 65535");
  });
});

describe("checkTopicFilter", () => {
  it.each(["#", "+", "a/#", "a/+/c", "+/+", "/+", "$SYS/#", "a//b"])("accepts %j", (filter) => {
    expect(checkTopicFilter(filter)).toBeNull();
  });
  it.each([
    ["a/#/c", "'#' that is not the whole last level"],
    ["a#", "'#' that is not the whole last level"],
    ["a/b#", "'#' that is not the whole last level"],
    ["a+", "'+' that is not a whole level"],
    ["a/+b/c", "'+' that is not a whole level"],
    ["", "topic filter is empty"],
  ])("refuses %j", (filter, reason) => {
    expect(checkTopicFilter(filter)).toContain(reason);
  });
});

describe("topicMatches (the examples of MQTT 3.1.1 section 4.7)", () => {
  it.each([
    ["sport/tennis/player1/#", "sport/tennis/player1", true],
    ["sport/tennis/player1/#", "sport/tennis/player1/score/wimbledon", true],
    ["sport/#", "sport", true],
    ["sport/tennis/+", "sport/tennis/player1", true],
    ["sport/tennis/+", "sport/tennis/player1/ranking", false],
    ["sport/+", "sport", false],
    ["sport/+", "sport/", true],
    ["+/+", "/finance", true],
    ["/+", "/finance", true],
    ["+", "/finance", false],
    ["ACCOUNTS", "Accounts", false],
    ["#", "$SYS/broker/uptime", false],
    ["+/monitor/Clients", "$SYS/monitor/Clients", false],
    ["$SYS/#", "$SYS/broker/uptime", true],
    ["$SYS/monitor/+", "$SYS/monitor/Clients", true],
    ["edgeseg/v1/devices/+/results", "edgeseg/v1/devices/pi-01/results", true],
    ["edgeseg/v1/devices/+/jobs", "edgeseg/v1/devices/pi-01/jobs/ack", false],
    ["edgeseg/v1/devices/pi-01/jobs/#", "edgeseg/v1/devices/pi-01/jobs", true],
    ["a/#/c", "a/b/c", false],
    ["a/+", "a/+", false],
  ])("%j matches %j: %j", (filter, topic, expected) => {
    expect(topicMatches(filter, topic)).toBe(expected);
  });
});
