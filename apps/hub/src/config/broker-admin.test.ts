import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { brokerAdminPassword } from "../broker-provision/admin-password.ts";
import { configFromEnv, parseHubConfig } from "./parse.ts";
import type { HubConfigInput } from "./schema.ts";

const dir = mkdtempSync(join(tmpdir(), "edgeseg-broker-admin-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("the broker admin settings", () => {
  it("needs --broker and a password with --broker-admin-user, and the reverse", () => {
    expect(() =>
      parseHubConfig({ dataDir: "d", brokerAdminUser: "admin", brokerAdminPassword: "pw" }),
    ).toThrow(
      "invalid hub configuration: --broker-admin-user / EDGESEG_BROKER_ADMIN_USER: provisions an external broker: give --broker mqtt://host:1883 too, or drop it",
    );
    expect(() => parseHubConfig({ dataDir: "d", broker: "mqtt://b:1883", brokerAdminUser: "admin" })).toThrow(
      /--broker-admin-password-file \/ EDGESEG_BROKER_ADMIN_PASSWORD_FILE: --broker-admin-user needs its password/,
    );
    expect(() =>
      parseHubConfig({ dataDir: "d", broker: "mqtt://b:1883", brokerAdminPassword: "pw" }),
    ).toThrow(
      /--broker-admin-user \/ EDGESEG_BROKER_ADMIN_USER: a broker admin password was given without --broker-admin-user/,
    );
    expect(() => parseHubConfig({ dataDir: "d", brokerSyncMs: "50" })).toThrow(
      /--broker-sync-ms \/ EDGESEG_BROKER_SYNC_MS: the broker sync interval must be at least 100 ms/,
    );
  });

  it("never echoes the password nor a password in --broker", () => {
    let message = "";
    try {
      parseHubConfig({ dataDir: "d", broker: "http://hub:s3cret-url@b", brokerAdminPassword: "" });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(
      /EDGESEG_BROKER_ADMIN_PASSWORD: the broker admin password must not be empty \(got "…"\)/,
    );
    expect(message).not.toContain("s3cret-url");
  });

  it("reads the password from the environment or the file's first line; an empty or missing file is refused", async () => {
    const env = configFromEnv({
      EDGESEG_BROKER: "mqtt://b:1883",
      EDGESEG_BROKER_ADMIN_USER: "admin",
      EDGESEG_BROKER_ADMIN_PASSWORD: "from-env",
    });
    expect(await brokerAdminPassword(parseHubConfig({ dataDir: "d", ...env } as HubConfigInput))).toBe(
      "from-env",
    );
    const file = join(dir, "pw");
    writeFileSync(file, "from-file\nsecond line\n");
    const base = { dataDir: "d", broker: "mqtt://b:1883", brokerAdminUser: "admin" };
    expect(await brokerAdminPassword(parseHubConfig({ ...base, brokerAdminPasswordFile: file }))).toBe(
      "from-file",
    );
    writeFileSync(file, "\n");
    await expect(
      brokerAdminPassword(parseHubConfig({ ...base, brokerAdminPasswordFile: file })),
    ).rejects.toThrow(/its first line is empty; write the broker admin's password there/);
    const missing = join(dir, "none");
    await expect(
      brokerAdminPassword(parseHubConfig({ ...base, brokerAdminPasswordFile: missing })),
    ).rejects.toThrow(`--broker-admin-password-file ${missing}: cannot read it (ENOENT)`);
  });
});
