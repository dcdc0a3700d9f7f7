import { AppError, type ErrorCode, isAppError } from "@edgeseg/protocol";
import { ZodError } from "zod";

/** The body of every failed API call: the same shape the hub's HTTP API uses. */
export interface ErrorBody {
  error: { code: ErrorCode; message: string };
}

/**
 * Any thrown value as an AppError: invalid input (zod) becomes INPUT naming the fields; anything
 * unexpected becomes INTERNAL with a generic message (the details go to the log, not the client).
 */
export function toAppError(error: unknown): AppError {
  if (isAppError(error)) return error;
  if (error instanceof ZodError) {
    const fields = error.issues
      .slice(0, 3)
      .map((issue) => `${issue.path.length ? issue.path.join(".") : "input"}: ${issue.message}`);
    return new AppError("INPUT", `invalid input — ${fields.join("; ")}`, { cause: error });
  }
  return new AppError("INTERNAL", "unexpected error in the dashboard: see its log", { cause: error });
}

export function errorBody(error: AppError): ErrorBody {
  return { error: { code: error.code, message: error.message } };
}
