import { fileURLToPath } from "node:url";
import { configDefaults, defineConfig } from "vitest/config";

// One root config, one project per workspace; cross-app tests live in tests/.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: "registry",
          root: "packages/registry",
          include: ["src/**/*.test.ts"],
          testTimeout: 60_000,
        },
      },
      { test: { name: "protocol", root: "packages/protocol", include: ["src/**/*.test.ts"] } },
      {
        test: {
          name: "engine-core",
          root: "packages/engine-core",
          include: ["src/**/*.test.ts"],
          testTimeout: 60_000,
        },
      },
      { test: { name: "bench", root: "packages/bench", include: ["src/**/*.test.ts"], testTimeout: 60_000 } },
      { test: { name: "db", root: "packages/db", include: ["src/**/*.test.ts"], testTimeout: 60_000 } },
      // packages/db's query and write tests again on a PostgreSQL 15 server the global setup starts
      // (each test its own database); the files left out open SQLite files of their own.
      {
        test: {
          name: "db-postgres",
          root: "packages/db",
          include: ["src/**/*.test.ts"],
          exclude: [
            ...configDefaults.exclude,
            "src/client.test.ts",
            "src/migrate.test.ts",
            "src/secret.test.ts",
            "src/migrations/*.test.ts",
            "src/dev/*.test.ts",
          ],
          env: { EDGESEG_TEST_DATABASE: "postgres" },
          globalSetup: ["src/testing/postgres-global-setup.ts"],
          testTimeout: 60_000,
        },
      },
      { test: { name: "scoring", root: "packages/scoring", include: ["src/**/*.test.ts"] } },
      {
        test: {
          name: "finetune",
          root: "packages/finetune",
          include: ["src/**/*.test.ts"],
          testTimeout: 300_000,
        },
      },
      {
        test: {
          name: "phantom",
          root: "packages/phantom",
          include: ["src/**/*.test.ts"],
          testTimeout: 120_000,
        },
      },
      {
        test: {
          name: "suites",
          root: "packages/suites",
          include: ["src/**/*.test.ts"],
          testTimeout: 120_000,
        },
      },
      { test: { name: "agent", root: "apps/agent", include: ["src/**/*.test.ts"], testTimeout: 120_000 } },
      {
        test: {
          name: "hub",
          root: "apps/hub",
          include: ["src/**/*.test.ts"],
          testTimeout: 120_000,
          // The group-commit tests start a throw-away PostgreSQL in their first hook (initdb: seconds).
          hookTimeout: 60_000,
        },
      },
      {
        // `@/` as in the dashboard's tsconfig paths, so a test can server-render a page's component.
        resolve: { alias: { "@/": fileURLToPath(new URL("./apps/dashboard/", import.meta.url)) } },
        test: {
          name: "dashboard",
          root: "apps/dashboard",
          include: ["lib/**/*.test.ts"],
          testTimeout: 60_000,
        },
      },
      {
        test: {
          name: "cross",
          root: "tests",
          include: ["**/*.test.ts"],
          // The fuzz slice and the fleet tests are projects of their own (below).
          exclude: [...configDefaults.exclude, "fuzz/**", "fleet/**"],
          testTimeout: 300_000,
        },
      },
      // The fleet tests: real hub, agent, broker and database processes on 127.0.0.1, each file with
      // its own temp directories, free ports and servers, so two files run at once (they wait on their
      // processes more than they compute). They run after the projects above (groupOrder 1); the
      // browser, emulation and idle-footprint tests stay one at a time.
      {
        test: {
          name: "fleet",
          root: "tests",
          include: ["fleet/**/*.test.ts"],
          exclude: [...configDefaults.exclude, "fleet/dynsec.test.ts"],
          testTimeout: 300_000,
          maxWorkers: 2,
          sequence: { groupOrder: 1 },
        },
      },
      // The dynamic-security test bounds how fast a change reaches the broker (1 s): it runs alone.
      {
        test: { name: "fleet-timed", root: "tests", include: ["fleet/dynsec.test.ts"], testTimeout: 300_000 },
      },
      // The fleet tests whose behaviour touches storage again, with every hub process on a database of
      // its own on a PostgreSQL 15 server the global setup starts (tests/support/hub-db.ts).
      {
        test: {
          name: "fleet-postgres",
          maxWorkers: 2,
          sequence: { groupOrder: 1 },
          root: "tests",
          include: [
            "fleet/enrol-job-result.test.ts",
            "fleet/faults.test.ts",
            "fleet/malformed.test.ts",
            "fleet/signed-results.test.ts",
            "fleet/group-commit-kill.test.ts",
            "fleet/timing-only.test.ts",
          ],
          env: { EDGESEG_TEST_DATABASE: "postgres" },
          globalSetup: ["../packages/db/src/testing/postgres-global-setup.ts"],
          testTimeout: 300_000,
        },
      },
      // The fixed-seed CI slice of `npm run fuzz` (docs/security.md#fuzz-suite).
      { test: { name: "fuzz", root: "tests/fuzz", include: ["**/*.test.ts"], testTimeout: 600_000 } },
    ],
  },
});
