import "server-only";
import type { Role } from "@edgeseg/db";
import { AppError } from "@edgeseg/protocol";
import { unstable_rethrow } from "next/navigation";
import type { z } from "zod";
import { checkOrigin } from "./auth/request-checks.ts";
import { requireRole } from "./auth/server.ts";
import type { SessionUser } from "./auth/session-user.ts";
import { errorBody, toAppError } from "./errors.ts";
import { log } from "./log.ts";

/** What a handler wrapped by withRole receives besides the request. */
export interface ApiContext<P> {
  user: SessionUser;
  params: P;
}

type Handler<P> = (request: Request, context: ApiContext<P>) => Promise<Response | unknown>;

/**
 * Wraps a route handler: checks the session's role on the server (UNAUTHORIZED 401 / FORBIDDEN 403),
 * refuses cross-origin writes, turns a returned value into JSON, and any thrown error into
 * `{ error: { code, message } }` with the AppError's HTTP status.
 *
 *   export const POST = withRole("researcher", async (request, { user, params }) => { ... });
 */
export function withRole<P = Record<string, string>>(role: Role, handler: Handler<P>) {
  return async (request: Request, route: { params: Promise<P> }): Promise<Response> => {
    try {
      checkOrigin(request);
      const user = await requireRole(role);
      const result = await handler(request, { user, params: await route.params });
      return result instanceof Response ? result : Response.json(result ?? null);
    } catch (error) {
      unstable_rethrow(error);
      return apiError(error, request);
    }
  };
}

/** The error response for any thrown value; unexpected errors are logged with their stack. */
export function apiError(error: unknown, request?: Request): Response {
  const appError = toAppError(error);
  if (appError.code === "INTERNAL") {
    log().error({ err: error, url: request?.url, method: request?.method }, "route handler failed");
  }
  return Response.json(errorBody(appError), { status: appError.httpStatus });
}

/** Parses a JSON body with a zod schema; a missing or malformed body is a USAGE error. */
export async function readJson<S extends z.ZodType>(request: Request, schema: S): Promise<z.output<S>> {
  let body: unknown;
  try {
    body = await request.json();
  } catch {
    throw new AppError("USAGE", "request body is not valid JSON: send Content-Type: application/json");
  }
  return schema.parse(body);
}

/** Parses the query string with a zod schema (each parameter's last value). */
export function readQuery<S extends z.ZodType>(request: Request, schema: S): z.output<S> {
  return schema.parse(Object.fromEntries(new URL(request.url).searchParams));
}
