import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { type BuiltBundle, buildAgentBundles, PLATFORMS } from "../../scripts/build-agent.ts";

const dirs: string[] = [];
const temp = () => {
  const d = mkdtempSync(join(tmpdir(), "edgeseg-bundle-"));
  dirs.push(d);
  return d;
};
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const listing = (tarball: string) =>
  execFileSync("tar", ["-tzf", tarball], { encoding: "utf8", maxBuffer: 1 << 26 })
    .split("\n")
    .filter((l) => l && !l.endsWith("/"));

describe("agent release bundle (npm run build:agent)", () => {
  let first: BuiltBundle[] = [];

  it("[slow] built twice from the same inputs: byte-identical tarballs for every platform", async () => {
    first = await buildAgentBundles({ outDir: temp() });
    const second = await buildAgentBundles({ outDir: temp() });
    expect(first.map((b) => b.platform)).toEqual([...PLATFORMS]);
    for (const [i, b] of first.entries()) {
      expect(b.sha256).toMatch(/^[0-9a-f]{64}$/);
      expect(second[i]?.sha256).toBe(b.sha256);
    }
    // Different platforms carry different runtime files.
    expect(new Set(first.map((b) => b.sha256)).size).toBe(3);
  });

  it("[slow] contents per platform: one JS file per entry point, the matching native binary only, WASM, manifest", () => {
    expect(first.length).toBe(3);
    for (const b of first) {
      const files = listing(b.tarball);
      const top = `edgeseg-agent-0.1.0-${b.platform}/`;
      expect(files.every((f) => f.startsWith(top))).toBe(true);
      const rel = files.map((f) => f.slice(top.length));
      for (const f of ["agent.mjs", "child.mjs", "VERSION", "SHA256SUMS", "suites/standard-v1/suite.json"]) {
        expect(rel).toContain(f);
      }
      expect(rel).toContain("node_modules/onnxruntime-web/dist/ort-wasm-simd-threaded.wasm");
      // onnxruntime-web's Node build requires it too (the armv7l bundle has no onnxruntime-node).
      expect(rel).toContain("node_modules/onnxruntime-common/package.json");
      expect(rel).toContain("firmware-profiles/raspberry-pi-4.json");
      // One file per entry point: no chunks (docs/performance.md: code splitting was tried).
      expect(rel.filter((f) => f.endsWith(".mjs") && !f.includes("/")).sort()).toEqual([
        "agent.mjs",
        "child.mjs",
        "finetune-child.mjs",
        "job-child.mjs",
        "launch.mjs",
      ]);
      // No TypeScript, no tsx, no other platform's binary.
      expect(rel.filter((f) => f.endsWith(".ts"))).toEqual([]);
      expect(rel.some((f) => f.startsWith("node_modules/tsx/"))).toBe(false);
      const natives = rel.filter((f) => f.endsWith(".node"));
      if (b.platform === "linux-armv7l") expect(natives).toEqual([]);
      else {
        const arch = b.platform === "linux-x64" ? "x64" : "arm64";
        expect(natives).toEqual([
          `node_modules/onnxruntime-node/bin/napi-v6/linux/${arch}/onnxruntime_binding.node`,
        ]);
      }
      // The manifest lists every other file with its sha256, and they verify.
      const dir = temp();
      execFileSync("tar", ["-xzf", b.tarball, "-C", dir]);
      const root = join(dir, top);
      // ONNX Runtime is required only where an export of it is first used (build-agent.ts,
      // lazyOnnxRuntime): a static import in bundled code loads nothing in the daemon, nor in the
      // job's process (which imports the fine-tuning modules): every require of it is the lazy one.
      const agent = readFileSync(join(root, "agent.mjs"), "utf8");
      for (const file of ["agent.mjs", "job-child.mjs"]) {
        const text = readFileSync(join(root, file), "utf8");
        const requires = text.match(/require\("onnxruntime-(node|web)"\)/g) ?? [];
        const lazy = text.match(/load=\(\)=>loaded\?\?=__require\("onnxruntime-(node|web)"\)/g) ?? [];
        expect(requires.length, file).toBeGreaterThan(0);
        expect(lazy.length, file).toBe(requires.length);
      }
      // Minified to ASCII only: V8 holds the source as a one-byte string (docs/performance.md).
      expect(/[\u0080-\uffff]/.test(agent)).toBe(false);
      // The launcher imports nothing of the agent (it must run when a new agent.mjs cannot load).
      const launch = readFileSync(join(root, "launch.mjs"), "utf8");
      const imported = [...launch.matchAll(/from\s*"([^"]+)"/g)].map((m) => m[1]);
      expect(imported.length).toBeGreaterThan(0);
      expect(imported.filter((f) => !f?.startsWith("node:"))).toEqual([]);
      expect(launch.length).toBeLessThan(10_000);
      const sums = readFileSync(join(root, "SHA256SUMS"), "utf8").trim().split("\n");
      expect(sums.map((l) => l.slice(66)).sort()).toEqual(rel.filter((f) => f !== "SHA256SUMS").sort());
      execFileSync("sha256sum", ["--quiet", "-c", "SHA256SUMS"], { cwd: root });
      expect(readFileSync(join(root, "VERSION"), "utf8")).toBe(`0.1.0\n${b.platform}\n`);
    }
  });

  it("[slow] the x64 bundle runs without the repository: version and device class from its own files", () => {
    const x64 = first.find((b) => b.platform === "linux-x64");
    if (!x64) throw new Error("no linux-x64 bundle was built");
    const dir = temp();
    execFileSync("tar", ["-xzf", x64.tarball, "-C", dir]);
    const root = join(dir, "edgeseg-agent-0.1.0-linux-x64");
    const run = (...args: string[]) =>
      execFileSync(process.execPath, [join(root, "agent.mjs"), ...args], { cwd: dir, encoding: "utf8" });
    expect(run("--version").trim()).toBe("0.1.0");
    const info = JSON.parse(run("info", "--json")) as {
      device: { onnxruntimeVersion: string; deviceClass: { id: string } | null };
    };
    expect(info.device.onnxruntimeVersion).toBe("1.30.0");
    expect(info.device.deviceClass?.id).toBe("generic-x86-64");
    // The systemd unit starts the bundle's own agent.mjs, and systemd accepts it (not started).
    const config = join(dir, "agent.json");
    writeFileSync(
      config,
      JSON.stringify({
        deviceId: "dev-field-01",
        secret: "device-secret-0123456789abcdef",
        mqttUrl: "mqtt://127.0.0.1:1883",
        hubUrl: "http://127.0.0.1:8080",
        dataDir: join(dir, "data"),
        telemetryIntervalS: 30,
        spoolMaxMb: 64,
        datasets: {},
        shutdownGraceS: 10,
      }),
      { mode: 0o600 },
    );
    const unit = run("install-service", "--config", config, "--print");
    expect(unit).toContain(
      `ExecStart=${process.execPath} --max-semi-space-size=1 --optimize-for-size --interrupt-budget=1000000 ${join(root, "agent.mjs")} run --config ${config}`,
    );
    expect(unit).toContain("ProtectSystem=strict");
    const unitFile = join(dir, "edgeseg-agent.service");
    writeFileSync(unitFile, unit);
    execFileSync("systemd-analyze", ["verify", unitFile], { encoding: "utf8" });
  });
});
