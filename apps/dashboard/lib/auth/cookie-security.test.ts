import { describe, expect, it } from "vitest";
import { isLoopbackHost, secureCookie } from "./cookie-security.ts";

describe("secureCookie", () => {
  it("auto: Secure over https, whatever the host", () => {
    expect(secureCookie("auto", { proto: "https", host: "dash.clinic.local" })).toBe(true);
    expect(secureCookie("auto", { proto: "https, http", host: "127.0.0.1:3000" })).toBe(true);
  });

  it("auto: not Secure over plain http on loopback (the quick start on http://127.0.0.1)", () => {
    for (const host of ["127.0.0.1:3000", "localhost:3000", "[::1]:3000", "127.0.1.1", "app.localhost"]) {
      expect(secureCookie("auto", { proto: "http", host }), host).toBe(false);
    }
  });

  it("auto: refuses a plain-http log-in from another machine, saying what to do", () => {
    expect(() => secureCookie("auto", { proto: "http", host: "192.168.1.20:3000" })).toThrow(
      expect.objectContaining({
        code: "FORBIDDEN",
        message: expect.stringMatching(
          /^log-in over plain HTTP at 192\.168\.1\.20:3000 refused: .*HTTPS.*EDGESEG_SECURE_COOKIES=0$/,
        ),
      }),
    );
    expect(() => secureCookie("auto", { proto: null, host: null })).toThrow(/an unknown host/);
  });

  it("a forced setting wins", () => {
    expect(secureCookie(true, { proto: "http", host: "127.0.0.1" })).toBe(true);
    expect(secureCookie(false, { proto: "http", host: "10.0.0.5" })).toBe(false);
  });
});

describe("isLoopbackHost", () => {
  it("does not take a name that merely starts like loopback for loopback", () => {
    expect(isLoopbackHost("127.0.0.1.evil.example")).toBe(false);
    expect(isLoopbackHost("localhost.evil.example")).toBe(false);
    expect(isLoopbackHost("[::2]:80")).toBe(false);
    expect(isLoopbackHost("LOCALHOST")).toBe(true);
  });
});
