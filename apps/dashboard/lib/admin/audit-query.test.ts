import { describe, expect, it } from "vitest";
import { auditFilter, auditPageHref, parseAuditQuery } from "./audit-query.ts";

describe("audit query", () => {
  it("reads whole UTC days with `to` included, ISO times as given, and drops empty fields", () => {
    const q = parseAuditQuery({
      from: "2026-12-01",
      to: "2026-12-03",
      action: "",
      actor: " ada@example.org ",
    });
    expect(auditFilter(q)).toEqual({
      actor: "ada@example.org",
      from: new Date("2026-12-01T00:00:00.000Z"),
      to: new Date("2026-12-04T00:00:00.000Z"),
    });
    expect(q).toMatchObject({ page: 1, pageSize: 50 });
    const t = parseAuditQuery({
      to: "2026-12-03T10:30:00Z",
      targetType: "device",
      target: "pi-1",
      page: "3",
    });
    expect(auditFilter(t)).toEqual({
      to: new Date("2026-12-03T10:30:00Z"),
      targetType: "device",
      targetId: "pi-1",
    });
    expect(t.page).toBe(3);
  });

  it("refuses an unknown action, a bad date and a huge page size, naming the field", () => {
    expect(() => parseAuditQuery({ action: "device.explode" })).toThrow(/audit filter action/);
    expect(() => parseAuditQuery({ from: "last week" })).toThrow(/from "last week" is not a date/);
    expect(() => parseAuditQuery({ pageSize: "5000" })).toThrow(/audit filter pageSize/);
  });

  it("keeps the filters in the pager's links", () => {
    expect(auditPageHref({ action: "token.create", page: "1", actor: "" }, 2)).toBe(
      "/admin/audit?action=token.create&page=2",
    );
  });
});
