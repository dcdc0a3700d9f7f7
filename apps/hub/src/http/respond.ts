import type { ServerResponse } from "node:http";
import { AppError, type ErrorCode, type HttpError, isAppError } from "@edgeseg/protocol";
import type { Logger } from "pino";

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
) {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    "content-type": "application/json; charset=utf-8",
    "content-length": Buffer.byteLength(text),
    "cache-control": "no-store",
    ...headers,
  });
  res.end(text);
}

/** An error with a status the AppError code table does not give (405, 413, 415, 416). */
export class HttpStatusError extends AppError {
  constructor(
    readonly status: number,
    code: ErrorCode,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(code, message);
  }
}

/**
 * Every error body is `{ error: { code, message } }` (httpErrorSchema). An AppError is the client's
 * fault and its message is shown; anything else is logged and answered with a bare 500.
 */
export function sendError(res: ServerResponse, error: unknown, logger: Logger) {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  if (isAppError(error)) {
    const status = error instanceof HttpStatusError ? error.status : error.httpStatus;
    const headers = error instanceof HttpStatusError ? error.headers : {};
    const body: HttpError = { error: { code: error.code, message: error.message } };
    return sendJson(res, status, body, headers);
  }
  logger.error({ err: error }, "request failed");
  const body: HttpError = { error: { code: "INTERNAL", message: "internal error; see the hub's log" } };
  sendJson(res, 500, body);
}
