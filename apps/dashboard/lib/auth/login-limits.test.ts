import { describe, expect, it } from "vitest";
import { limitedLogin, loginGuard } from "./login-limits.ts";

const logged: string[] = [];
const logger = {
  info: (_: object, msg: string) => logged.push(msg),
  warn: (_: object, msg: string) => logged.push(msg),
};
const limits = { authFailuresPerAddress: 4, authFailuresPerIdentity: 2, maxAuthChecks: 1 };

describe("limitedLogin", () => {
  it("blocks an account at its 2nd failure with 429, without checking the password again", async () => {
    const guard = loginGuard(limits, logger);
    let checks = 0;
    const wrong = () =>
      limitedLogin(guard, "10.0.0.1", "Ada@Example.org", async () => {
        checks++;
        return null;
      });
    expect(await wrong()).toBeNull();
    expect(await wrong()).toBeNull();
    await expect(
      limitedLogin(guard, "10.0.0.2", "ada@example.org ", async () => {
        checks++;
        return { id: "u" };
      }),
    ).rejects.toMatchObject({ httpStatus: 429, message: "too many failed log-ins: try again in 1 s" });
    expect(checks).toBe(2);
    expect(logged).toContain("too many failed attempts: identity ada@example.org blocked for 1000 ms");
  });

  it("a success clears the account's failures", async () => {
    const guard = loginGuard(limits, logger);
    for (let round = 0; round < 3; round++) {
      expect(await limitedLogin(guard, `10.0.1.${round}`, "bob@example.org", async () => null)).toBeNull();
      expect(
        await limitedLogin(guard, `10.0.1.${round}`, "bob@example.org", async () => ({ id: "b" })),
      ).toEqual({
        id: "b",
      });
    }
  });

  it("blocks an address trying many accounts, and answers 503 while a check is in flight", async () => {
    const guard = loginGuard(limits, logger);
    for (let i = 0; i < 4; i++) await limitedLogin(guard, "10.0.2.1", `u${i}@example.org`, async () => null);
    await expect(limitedLogin(guard, "10.0.2.1", "new@example.org", async () => null)).rejects.toMatchObject({
      httpStatus: 429,
    });
    let release!: () => void;
    const slow = limitedLogin(
      guard,
      "10.0.3.1",
      "c@example.org",
      () => new Promise((r) => (release = () => r(null))),
    );
    await expect(limitedLogin(guard, "10.0.3.2", "d@example.org", async () => null)).rejects.toMatchObject({
      httpStatus: 503,
      code: "RUNTIME",
    });
    release();
    await slow;
    expect(await limitedLogin(guard, "10.0.3.2", "d@example.org", async () => ({ id: "d" }))).toEqual({
      id: "d",
    });
  });
});
