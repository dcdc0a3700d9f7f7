import { describe, expect, it } from "vitest";
import { fromChild, type ProgressUpdate, throttleProgress } from "./progress.ts";

describe("progress throttling", () => {
  it("sends at most one update a second, but every phase change and every phase end", () => {
    const sent: ProgressUpdate[] = [];
    let t = 0;
    const push = throttleProgress(
      (u) => sent.push(u),
      1000,
      () => t,
    );
    for (let done = 0; done <= 200; done++) {
      push({ phase: "single-stream", done, total: 200 });
      t += 25; // 40 updates a second
    }
    push({ phase: "offline", done: 0, total: 64 });
    // 201 updates over 5 s: the first, one per second after it, and the last unit.
    expect(sent.map((u) => u.done)).toEqual([0, 40, 80, 120, 160, 200, 0]);
    expect(sent.at(-1)!.phase).toBe("offline");
  });

  it("maps the engine's phases onto the protocol's", () => {
    expect(fromChild({ type: "progress", phase: "load", done: 0, total: 1 })).toEqual({
      phase: "loading",
      done: 0,
      total: 1,
    });
    expect(fromChild({ type: "progress", phase: "accuracy", done: 5, total: 0 })).toEqual({
      phase: "accuracy",
      done: 1,
      total: 1,
    });
  });
});
