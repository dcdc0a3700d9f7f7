import { describe, expect, it } from "vitest";
import { nativeBinaryTargets } from "./native-binaries.ts";
import { probeNativeBinding } from "./probe-native.ts";
import { selectBackend } from "./select.ts";

const shipped = ["darwin/arm64", "linux/arm64", "linux/x64", "win32/arm64", "win32/x64"];
const loads = () => null;

describe("selectBackend", () => {
  it("reads the platforms the installed onnxruntime-node ships binaries for", () => {
    const targets = nativeBinaryTargets();
    expect(targets).toEqual(expect.arrayContaining(["linux/x64", "linux/arm64"]));
    expect(targets).not.toContain("linux/arm");
  });

  it("picks native where a binary ships and WASM on 32-bit Raspberry Pi OS", () => {
    expect(selectBackend("auto", "linux", "arm64", loads, shipped)).toEqual({
      backend: "node",
      reason: "onnxruntime-node ships a native binary for linux/arm64",
    });
    const pi32 = selectBackend("auto", "linux", "arm", loads, shipped);
    expect(pi32.backend).toBe("wasm");
    expect(pi32.reason).toMatch(
      /no native binary for linux\/arm \(it has: darwin\/arm64, .*\); using onnxruntime-web/,
    );
    expect(selectBackend("auto", "darwin", "x64", loads, shipped).backend).toBe("wasm");
    expect(selectBackend("wasm", "linux", "x64", loads, shipped).backend).toBe("wasm");
  });

  it("falls back to WASM with the loader's reason when the binding fails on this machine", () => {
    const broken = () => "GLIBC_2.38 not found";
    const choice = selectBackend("auto", process.platform, process.arch, broken, [
      `${process.platform}/${process.arch}`,
    ]);
    expect(choice.backend).toBe("wasm");
    expect(choice.reason).toContain("failed to load (GLIBC_2.38 not found)");
    expect(() =>
      selectBackend("node", process.platform, process.arch, broken, [`${process.platform}/${process.arch}`]),
    ).toThrow(/failed to load .*--backend wasm/);
  });

  it("refuses an explicit native request where no binary ships", () => {
    expect(() => selectBackend("node", "linux", "arm", loads, shipped)).toThrow(
      /no native binary for linux\/arm/,
    );
  });

  it("probes the real binding in a child process on this machine", () => {
    expect(probeNativeBinding()).toBeNull();
    expect(selectBackend("auto").backend).toBe("node");
  });
});
