import { SERVER_ENV } from "./postgres.ts";
import { startPostgres } from "./postgres-server.ts";

/**
 * Global setup of the db-postgres test project: one PostgreSQL 15 server for the whole run (each test
 * makes its own database on it), stopped at the end. The URL reaches the test workers through the
 * environment, which they inherit.
 */
export default async function setup(): Promise<() => void> {
  const server = await startPostgres();
  process.env[SERVER_ENV] = server.url();
  return () => server.stop();
}
