import { describe, expect, it } from "vitest";
import { configFromEnv, parseHubConfig } from "./parse.ts";

describe("parseHubConfig", () => {
  it("applies defaults and coerces strings from flags and environment", () => {
    const config = parseHubConfig({ dataDir: "rel/dir", mqttPort: "0", wsPort: "off" });
    expect(config).toMatchObject({
      host: "127.0.0.1",
      mqttPort: 0,
      wsPort: null,
      httpPort: 8080,
      logLevel: "info",
    });
    expect(config.dataDir).toBe(`${process.cwd()}/rel/dir`);
  });

  it("names the flag, the environment variable and the value in its error", () => {
    expect(() => parseHubConfig({ dataDir: "d", wsPort: "-1" })).toThrow(
      'invalid hub configuration: --ws-port / EDGESEG_WS_PORT: the WebSocket port must be 0-65535 (0 picks a free port) (got "-1")',
    );
    expect(() => parseHubConfig({ dataDir: "d", broker: "http://x" })).toThrow(
      /--broker \/ EDGESEG_BROKER: expected a broker URL/,
    );
    expect(() => parseHubConfig({ dataDir: "" })).toThrow(
      /--data-dir \/ EDGESEG_DATA_DIR: a data directory is required/,
    );
    expect(() => parseHubConfig({ dataDir: "d", logLevel: "loud" as never })).toThrow(/--log-level/);
  });

  it("reads only EDGESEG_ variables that are set and not empty", () => {
    expect(configFromEnv({ EDGESEG_MQTT_PORT: "1884", EDGESEG_HOST: "", PATH: "/bin" })).toEqual({
      mqttPort: "1884",
    });
  });
});
