import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { compositeFormula } from "./composite.ts";
import { defaultPolicy } from "./default-policy.ts";
import { CONSTRAINT_INFO, RANKING_RULES } from "./rules.ts";

// The dashboard prints these texts; the README must say exactly the same.
const readme = readFileSync(join(import.meta.dirname, "../README.md"), "utf8");

describe("README", () => {
  it("states each constraint's rule verbatim", () => {
    for (const { title, rule } of Object.values(CONSTRAINT_INFO)) {
      expect(readme).toContain(`- **${title}** — ${rule}\n`);
    }
  });

  it("states each ranking rule verbatim", () => {
    for (const rule of RANKING_RULES) expect(readme).toContain(`- ${rule}\n`);
  });

  it("prints the default formula for the Raspberry Pi 4 class verbatim", () => {
    const policy = defaultPolicy({ id: "raspberry-pi-4", budgets: { memoryMb: 1536, caseTimeSeconds: 300 } });
    expect(readme).toContain(`> ${compositeFormula(policy)}\n`);
  });
});
