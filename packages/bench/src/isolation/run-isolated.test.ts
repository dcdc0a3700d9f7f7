import { tmpdir } from "node:os";
import { fileURLToPath } from "node:url";
import { resourcesSchema } from "@edgeseg/protocol";
import { describe, expect, it } from "vitest";
import { runIsolated } from "./run-isolated.ts";

const entry = (name: string) => fileURLToPath(new URL(`./test-children/${name}.ts`, import.meta.url));
const pi4 = fileURLToPath(new URL("../../fixtures/devices/raspberry-pi-4/", import.meta.url));

/** After every failure the parent must still be able to run a child to completion. */
async function expectHealthyAfterwards() {
  const again = await runIsolated<{ n: number }, { sum: number }>({
    entry: entry("succeed"),
    input: { n: 4 },
    timeoutMs: 20_000,
  });
  expect(again.ok && again.value.sum).toBe(10);
}

describe("runIsolated", () => {
  it("returns the child's value, its progress messages and what it cost", async () => {
    const progress: unknown[] = [];
    const outcome = await runIsolated<{ n: number }, { sum: number; pid: number; squares: Float32Array }>({
      entry: entry("succeed"),
      input: { n: 5 },
      timeoutMs: 20_000,
      sensorsRoot: pi4,
      onMessage: (m) => progress.push(m),
    });
    if (!outcome.ok) throw new Error(`expected success, got ${JSON.stringify(outcome.failure)}`);
    expect(outcome.value.sum).toBe(15);
    expect(outcome.value.pid).not.toBe(process.pid);
    expect(outcome.value.squares).toEqual(new Float32Array([1, 4, 9, 16, 25]));
    expect(progress).toEqual([1, 2, 3, 4, 5].map((done) => ({ type: "progress", done, total: 5 })));
    const r = outcome.resources;
    expect(resourcesSchema.safeParse(r).success).toBe(true);
    // A Node process with tsx loaded is tens of MB resident and needs some CPU to start.
    expect(r.peakRssMb).toBeGreaterThan(20);
    expect(r.peakRssMb).toBeLessThan(1000);
    expect(r.cpuUserMs + r.cpuSystemMs).toBeGreaterThan(10);
    expect(r.wallMs).toBeGreaterThan(0);
    expect(r.cpuUtilisation).toBeCloseTo((r.cpuUserMs + r.cpuSystemMs) / r.wallMs, 6);
    expect(r.temperatureC).toEqual({ before: 51.121, max: 51.121, after: 51.121 });
    expect(r.frequencyMhz).toEqual({ before: 1800, min: 1800, max: 1800, after: 1800 });
    // On the recorded Pi 4 (no vcgencmd here, no x86 or Jetson counters) only cpufreq can be read: at
    // its maximum, 1800 of 1800 MHz. Whether this short child saw five busy samples depends on the load.
    const cpufreq = r.throttling.signals?.[3];
    expect(r.throttling.signals?.slice(0, 3).map((s) => [s.source, s.measured])).toEqual([
      ["vcgencmd get_throttled", false],
      ["x86 thermal_throttle counters", false],
      ["Jetson soctherm_oc event counters", false],
    ]);
    expect(cpufreq?.source).toBe("cpufreq");
    expect(cpufreq?.observed).not.toBe(true);
    expect(cpufreq?.detail).toMatch(
      /^(not measured: only \d+ of \d+ samples were taken while the CPUs were|busy median 100 % of cpuinfo_max_freq)/,
    );
    expect(r.throttling).toMatchObject({ observed: cpufreq?.measured ? false : null, flags: null });
    expect(r.energy).toMatchObject({ available: false, joules: null, perCaseJ: null, perInferenceJ: null });
    expect(r.energy?.unavailableReason).toMatch(/a Raspberry Pi 4 Model B has no current sensor/);
  });

  it("kills a child that passes the memory limit and says which limit", async () => {
    const outcome = await runIsolated({
      entry: entry("allocate"),
      input: null,
      timeoutMs: 30_000,
      memoryLimitMb: 200,
      sampleIntervalMs: 50,
    });
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(outcome.failure).toMatchObject({ reason: "out-of-memory", signal: "SIGKILL", exitCode: null });
    expect(outcome.failure.message).toMatch(/more than the 200 MB memory limit/);
    expect(outcome.resources.peakRssMb).toBeGreaterThan(200);
    // Caught within a few 16 MB steps of the limit, not after filling the machine.
    expect(outcome.resources.peakRssMb).toBeLessThan(400);
    await expectHealthyAfterwards();
  });

  it("reports a native abort as a crash with the child's last stderr lines", async () => {
    const outcome = await runIsolated({
      entry: entry("abort"),
      input: null,
      timeoutMs: 20_000,
      cwd: tmpdir(),
    });
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(outcome.failure).toMatchObject({ reason: "crash", signal: "SIGABRT", exitCode: null });
    expect(outcome.failure.message).toMatch(
      /^killed by signal SIGABRT; last stderr lines:\n[\s\S]*simulated native assertion failure/,
    );
    await expectHealthyAfterwards();
  });

  it("passes on an error the child threw, with its code", async () => {
    const outcome = await runIsolated({
      entry: entry("throw"),
      input: { label: "liver" },
      timeoutMs: 20_000,
    });
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(outcome.failure).toEqual({
      reason: "error",
      message: 'label "liver" is not in the dataset',
      code: "INPUT",
      exitCode: 1,
      signal: null,
    });
    // The child's own getrusage() report arrived with the error.
    expect(outcome.resources.cpuUserMs).toBeGreaterThan(0);
    await expectHealthyAfterwards();
  });

  it("reports an uncaught exception as a crash with its stack", async () => {
    const outcome = await runIsolated({ entry: entry("uncaught"), input: null, timeoutMs: 20_000 });
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(outcome.failure).toMatchObject({ reason: "crash", exitCode: 1, signal: null });
    expect(outcome.failure.message).toMatch(/exited with code 1[\s\S]*uncaught failure in a timer callback/);
  });

  it("kills a child that passes its time limit", async () => {
    const started = performance.now();
    const outcome = await runIsolated({ entry: entry("hang"), input: null, timeoutMs: 1500 });
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(outcome.failure).toMatchObject({ reason: "timeout", signal: "SIGKILL" });
    expect(outcome.failure.message).toMatch(/within the 1.5 s time limit/);
    expect(performance.now() - started).toBeLessThan(5000);
    expect(outcome.resources.wallMs).toBeGreaterThanOrEqual(1500);
    await expectHealthyAfterwards();
  });

  it("blames a SIGKILL it did not send on the kernel's OOM killer", async () => {
    const outcome = await runIsolated({ entry: entry("sigkill-self"), input: null, timeoutMs: 20_000 });
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(outcome.failure).toMatchObject({ reason: "out-of-memory", signal: "SIGKILL" });
    expect(outcome.failure.message).toMatch(/did not send.*OOM killer/);
  });

  it("recognises V8 running out of JavaScript heap", async () => {
    const outcome = await runIsolated({
      entry: entry("heap"),
      input: null,
      timeoutMs: 30_000,
      execArgv: ["--max-old-space-size=48"],
    });
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(outcome.failure.reason).toBe("out-of-memory");
    expect(outcome.failure.message).toMatch(/heap/i);
    await expectHealthyAfterwards();
  });

  it("refuses an entry that does not exist", async () => {
    await expect(
      runIsolated({ entry: "/nonexistent/child.ts", input: null, timeoutMs: 1000 }),
    ).rejects.toThrow(/absolute path to an existing module/);
  });
});
