import { describe, expect, it } from "vitest";
import { classifyExit, type ExitFacts } from "./classify.ts";

const facts = (over: Partial<ExitFacts>): ExitFacts => ({
  exitCode: null,
  signal: null,
  killedFor: null,
  childError: null,
  stderrTail: "",
  ...over,
});

/** Node 20's stderr when V8 hits --max-old-space-size (recorded). */
const V8_OOM = `<--- Last few GCs --->
[4127:0x6a8c000]      512 ms: Mark-Compact 47.9 (49.9) -> 48.1 (49.9) MB, 6.68 / 0.00 ms  (average mu = 0.807, current mu = 0.408) allocation failure; scavenge might not succeed
<--- JS stacktrace --->
FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory
----- Native stack trace -----
 1: 0xb78db3 node::OOMErrorHandler(char const*, v8::OOMDetails const&) [/usr/bin/node]`;

describe("classifyExit", () => {
  it("keeps the parent's own reason when it killed the child", () => {
    const f = classifyExit(
      facts({ signal: "SIGKILL", killedFor: { reason: "timeout", message: "did not finish" } }),
    );
    expect(f).toEqual({ reason: "timeout", message: "did not finish", exitCode: null, signal: "SIGKILL" });
  });

  it("blames an unexplained SIGKILL on the OOM killer", () => {
    const f = classifyExit(facts({ signal: "SIGKILL" }));
    expect(f.reason).toBe("out-of-memory");
    expect(f.message).toMatch(/OOM killer/);
  });

  it("recognises V8's heap exhaustion and leads with its line", () => {
    const f = classifyExit(facts({ signal: "SIGABRT", stderrTail: V8_OOM }));
    expect(f.reason).toBe("out-of-memory");
    expect(f.message.split("\n")[0]).toBe(
      "ran out of memory: FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory; last stderr lines:",
    );
  });

  it("treats allocation failures the child reported as out-of-memory, other errors as errors", () => {
    const oom = classifyExit(
      facts({ exitCode: 1, childError: { message: "Array buffer allocation failed", code: null } }),
    );
    expect(oom.reason).toBe("out-of-memory");
    expect(oom).not.toHaveProperty("code");
    const ort = classifyExit(
      facts({ exitCode: 1, childError: { message: "std::bad_alloc", code: "RUNTIME" } }),
    );
    expect(ort).toMatchObject({ reason: "out-of-memory", code: "RUNTIME" });
    const bad = classifyExit(facts({ exitCode: 1, childError: { message: "no such label", code: "INPUT" } }));
    expect(bad).toEqual({
      reason: "error",
      message: "no such label",
      code: "INPUT",
      exitCode: 1,
      signal: null,
    });
  });

  it("calls other deaths crashes and bounds the stderr it quotes", () => {
    const noisy = `${"x".repeat(5000)}\nSegmentation fault in libonnxruntime.so`;
    const f = classifyExit(facts({ signal: "SIGSEGV", stderrTail: noisy }));
    expect(f.reason).toBe("crash");
    expect(f.message).toMatch(
      /^killed by signal SIGSEGV; last stderr lines:\n…x+\nSegmentation fault in libonnxruntime\.so$/,
    );
    expect(f.message.length).toBeLessThanOrEqual(2000);
    expect(classifyExit(facts({ exitCode: 3 })).message).toBe("exited with code 3");
    expect(classifyExit(facts({ exitCode: 0 })).message).toBe("exited without sending a result");
  });
});
