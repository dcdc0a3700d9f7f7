import { describe, expect, it } from "vitest";
import { authGuard, concurrencyCap, connectionCounter, failureLimiter, throttledCount } from "./limits.ts";

const opts = { maxFailures: 4, baseBlockMs: 1000, maxBlockMs: 8000, windowMs: 60_000, maxKeys: 100 };

describe("failureLimiter", () => {
  it("lets failures through until the fourth, which blocks with doubling back-off up to the cap", () => {
    const l = failureLimiter(opts);
    expect([l.fail("a", 0), l.fail("a", 0), l.fail("a", 0)]).toEqual([null, null, null]);
    expect(l.check("a", 0)).toEqual({ ok: true });
    expect(l.fail("a", 0)).toBe(1000);
    expect(l.check("a", 400)).toEqual({ ok: false, retryAfterMs: 600 });
    expect(l.check("a", 1000)).toEqual({ ok: true });
    expect([l.fail("a", 1000), l.fail("a", 3000), l.fail("a", 7000), l.fail("a", 15_000)]).toEqual([
      2000, 4000, 8000, 8000,
    ]);
    expect(l.check("b", 15_000)).toEqual({ ok: true });
  });

  it("forgets a key on success and after a quiet window", () => {
    const l = failureLimiter(opts);
    for (let i = 0; i < 4; i++) l.fail("a", 0);
    expect(l.check("a", 10).ok).toBe(false);
    l.succeed("a");
    expect(l.check("a", 10)).toEqual({ ok: true });
    expect(l.fail("a", 10)).toBeNull();
    for (let i = 0; i < 3; i++) l.fail("b", 0);
    // Three failures a minute ago no longer count: the fourth is free again.
    expect(l.fail("b", 60_001)).toBeNull();
  });

  it("never blocks a key that only succeeds, however often", () => {
    const l = failureLimiter(opts);
    for (let i = 0; i < 1000; i++) {
      expect(l.check("honest", i).ok).toBe(true);
      l.succeed("honest");
    }
    expect(l.size()).toBe(0);
  });

  it("remembers at most maxKeys keys, dropping the least recently failed", () => {
    const l = failureLimiter({ ...opts, maxFailures: 1, maxKeys: 3 });
    for (const k of ["a", "b", "c"]) l.fail(k, 0);
    l.fail("a", 1);
    l.fail("d", 2);
    expect(l.size()).toBe(3);
    expect(l.check("b", 3)).toEqual({ ok: true }); // forgotten
    expect(l.check("a", 3).ok).toBe(false);
    expect(l.check("d", 3).ok).toBe(false);
  });
});

describe("concurrencyCap", () => {
  it("refuses beyond max and frees a slot once per release", () => {
    const cap = concurrencyCap(2);
    const a = cap.tryAcquire();
    const b = cap.tryAcquire();
    expect(cap.tryAcquire()).toBeNull();
    a!();
    a!();
    expect(cap.inUse()).toBe(1);
    expect(cap.tryAcquire()).not.toBeNull();
    b!();
    expect(cap.inUse()).toBe(1);
  });
});

describe("connectionCounter", () => {
  it("caps connections per address and in total", () => {
    const c = connectionCounter({ perAddress: 2, total: 3 });
    expect([c.open("x"), c.open("x"), c.open("x")]).toEqual([true, true, false]);
    expect([c.open("y"), c.open("z")]).toEqual([true, false]);
    c.close("x");
    expect(c.open("z")).toBe(true);
    c.close("unknown");
    expect(c.total()).toBe(3);
  });
});

describe("throttledCount", () => {
  it("emits the first event, then one count per interval", () => {
    let t = 0;
    const seen: number[] = [];
    const hit = throttledCount(
      1000,
      (n) => seen.push(n),
      () => t,
    );
    hit();
    for (t = 1; t < 1000; t += 100) hit();
    t = 1500;
    hit();
    expect(seen).toEqual([1, 11]);
  });
});

describe("authGuard", () => {
  const silent = { info: () => {}, warn: () => {} };
  const limits = { authFailuresPerAddress: 3, authFailuresPerIdentity: 2, maxAuthChecks: 1 };

  it("blocks by identity across addresses and by address across identities", () => {
    const g = authGuard(limits, silent, "test");
    g.failed("a1", "dev");
    g.failed("a2", "dev");
    expect(g.admit("a3", "dev")).toMatchObject({ ok: false, why: "blocked", key: "identity dev" });
    const other = g.admit("a3", "other");
    expect(other.ok).toBe(true);
    if (other.ok) other.release();
    for (const id of ["x", "y", "z"]) g.failed("a4", id);
    expect(g.admit("a4", "fresh")).toMatchObject({ ok: false, key: "address a4" });
    expect(g.admit("a4", undefined)).toMatchObject({ ok: false, key: "address a4" });
  });

  it("a success clears the identity, not the address", () => {
    const g = authGuard(limits, silent, "test");
    g.failed("a1", "dev");
    g.failed("a1", "dev2");
    g.succeeded("dev");
    g.failed("a1", "dev");
    const after = g.admit("a5", "dev");
    expect(after.ok).toBe(true);
    if (after.ok) after.release();
    g.failed("a1", "dev3");
    expect(g.admit("a1", "dev4")).toMatchObject({ ok: false, key: "address a1" });
  });

  it("answers busy beyond the cap, and keys a huge username by its first 256 characters", () => {
    const g = authGuard(limits, silent, "test");
    const first = g.admit("a1", "dev");
    expect(g.admit("a2", "dev2")).toEqual({ ok: false, why: "busy" });
    if (first.ok) first.release();
    const huge = "u".repeat(65_535);
    g.failed("b1", huge);
    g.failed("b2", `${"u".repeat(256)}different tail`);
    expect(g.admit("b3", huge)).toMatchObject({ ok: false, key: `identity ${"u".repeat(256)}` });
  });
});
