import { describe, expect, it } from "vitest";
import { checkOrigin, requireJson } from "./request-checks.ts";

const post = (headers: Record<string, string>) =>
  new Request("http://dash.local:3000/api/session", { method: "POST", headers });

describe("checkOrigin", () => {
  it("lets this site's own pages and clients without an Origin write", () => {
    expect(() =>
      checkOrigin(post({ host: "dash.local:3000", origin: "http://dash.local:3000" })),
    ).not.toThrow();
    expect(() => checkOrigin(post({ host: "dash.local:3000" }))).not.toThrow();
    expect(() =>
      checkOrigin(new Request("http://x/", { headers: { origin: "https://evil.example" } })),
    ).not.toThrow();
  });

  it("refuses another origin, including Origin: null, with 403", () => {
    for (const origin of ["https://evil.example", "http://dash.local:3001", "null", "not a url"]) {
      expect(() => checkOrigin(post({ host: "dash.local:3000", origin }))).toThrow(
        expect.objectContaining({
          code: "FORBIDDEN",
          httpStatus: 403,
          message: expect.stringContaining(origin),
        }),
      );
    }
  });
});

describe("requireJson", () => {
  it("accepts application/json with or without parameters", () => {
    expect(() => requireJson(post({ "content-type": "application/json" }))).not.toThrow();
    expect(() => requireJson(post({ "content-type": "Application/JSON; charset=utf-8" }))).not.toThrow();
  });

  it("refuses the bodies a cross-site form can send without a preflight, and none", () => {
    for (const type of [
      "text/plain",
      "application/x-www-form-urlencoded",
      "multipart/form-data; boundary=x",
    ]) {
      expect(() => requireJson(post({ "content-type": type }))).toThrow(
        expect.objectContaining({
          code: "USAGE",
          message: `expected Content-Type: application/json, got "${type}": send the body as JSON`,
        }),
      );
    }
    expect(() => requireJson(post({}))).toThrow(/got none/);
    expect(() => requireJson(post({ "content-type": "application/jsonp" }))).toThrow(/application\/jsonp/);
  });
});
