import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { renderInstallScript } from "./install-script.ts";

const manifest = {
  version: "0.1.0",
  bundles: [
    {
      platform: "linux-arm64" as const,
      tarball: "edgeseg-agent-0.1.0-linux-arm64.tar.gz",
      sha256: "a".repeat(64),
      bytes: 1,
      nodeMin: "20.19.0",
    },
    {
      platform: "linux-armv7l" as const,
      tarball: "edgeseg-agent-0.1.0-linux-armv7l.tar.gz",
      sha256: "b".repeat(64),
      bytes: 1,
      nodeMin: "20.11.0",
    },
  ],
};

describe("install.sh", () => {
  it("is valid POSIX sh with this hub's bundles written in, and quotes what it embeds", () => {
    const script = renderInstallScript({ hubUrl: "http://hub'x:8080", manifest });
    expect(spawnSync("sh", ["-n"], { input: script }).status).toBe(0);
    expect(script).toContain(
      `  linux-armv7l) FILE='edgeseg-agent-0.1.0-linux-armv7l.tar.gz'; SHA256='${"b".repeat(64)}'; NODE_MIN='20.11.0' ;;`,
    );
    // A quote in the URL stays inside its word.
    expect(script).toContain(`HUB='http://hub'"'"'x:8080'`);
    const help = spawnSync("sh", ["-s", "--", "--help"], { input: script, encoding: "utf8" });
    expect(help.status).toBe(0);
    expect(help.stdout).toContain("bundles: linux-arm64, linux-armv7l");
  });

  it("refuses an option without its value, naming it", () => {
    const script = renderInstallScript({ hubUrl: "http://hub:8080", manifest });
    const out = spawnSync("sh", ["-s", "--", "--token"], { input: script, encoding: "utf8" });
    expect(out.status).toBe(1);
    expect(out.stderr).toContain("--token needs a value");
  });
});
