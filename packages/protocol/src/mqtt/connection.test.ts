import { describe, expect, it } from "vitest";
import { decodeTopicMessage } from "./codec.ts";
import { deviceConnectOptions } from "./connection.ts";

describe("deviceConnectOptions", () => {
  const connectionId = "0b7e3c51-2f4a-4d8b-9c16-5e2f7a9d3b40";
  const options = deviceConnectOptions(
    { deviceId: "pi4-clinic-07", secret: "s3cret", connectionId },
    new Date("2026-11-26T10:30:00Z"),
  );

  it("speaks MQTT 3.1.1 as the device, with a persistent session", () => {
    expect(options).toMatchObject({
      protocolVersion: 4,
      clientId: "pi4-clinic-07",
      username: "pi4-clinic-07",
      password: "s3cret",
      clean: false,
      keepalive: 30,
    });
  });

  it("leaves a retained offline state as its Last Will", () => {
    expect(options.will).toMatchObject({
      topic: "edgeseg/v1/devices/pi4-clinic-07/state",
      qos: 1,
      retain: true,
    });
    const decoded = decodeTopicMessage(options.will.topic, options.will.payload);
    expect(decoded.ok && decoded.kind === "state" && decoded.message).toMatchObject({
      status: "offline",
      reason: "connection-lost",
      connectionId,
      sentAt: "2026-11-26T10:30:00.000Z",
    });
  });

  it("refuses a device id that is not one", () => {
    expect(() => deviceConnectOptions({ deviceId: "#", secret: "x", connectionId })).toThrow(
      /not a valid device id/,
    );
  });
});
