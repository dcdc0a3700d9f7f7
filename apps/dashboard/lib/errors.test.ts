import { AppError } from "@edgeseg/protocol";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { errorBody, toAppError } from "./errors.ts";

describe("toAppError", () => {
  it("keeps an AppError, so its status reaches the client", () => {
    const error = new AppError("FORBIDDEN", "needs admin");
    expect(toAppError(error)).toBe(error);
    expect(errorBody(error)).toEqual({ error: { code: "FORBIDDEN", message: "needs admin" } });
    expect(toAppError(error).httpStatus).toBe(403);
  });

  it("turns invalid input into INPUT (422) naming each field", () => {
    const result = z
      .object({ expiresInHours: z.number().max(720), target: z.object({ tags: z.array(z.string()) }) })
      .safeParse({ expiresInHours: 1000, target: { tags: [3] } });
    const error = toAppError(result.error);
    expect(error.code).toBe("INPUT");
    expect(error.httpStatus).toBe(422);
    expect(error.message).toMatch(/^invalid input — expiresInHours: .*; target\.tags\.0: /);
  });

  it("hides unexpected errors behind INTERNAL (500)", () => {
    const error = toAppError(new Error("SQLITE_CORRUPT at /var/lib/edgeseg/edgeseg.db"));
    expect(error.code).toBe("INTERNAL");
    expect(error.httpStatus).toBe(500);
    expect(error.message).not.toContain("SQLITE");
  });
});
