import {
  AppError,
  ENROLL_PATH,
  type EnrollRequest,
  type EnrollResponse,
  type ErrorCode,
  enrollResponseSchema,
  httpErrorSchema,
} from "@edgeseg/protocol";

const statusCodes: Record<number, ErrorCode> = {
  400: "INPUT",
  401: "UNAUTHORIZED",
  403: "FORBIDDEN",
  404: "NOT_FOUND",
  409: "INTEGRITY",
  410: "UNAUTHORIZED",
  422: "INPUT",
};

/** POST /api/enroll; every failure becomes one AppError line saying what happened and what to do. */
export async function postEnroll(hubUrl: string, body: EnrollRequest): Promise<EnrollResponse> {
  const url = hubUrl.replace(/\/+$/, "") + ENROLL_PATH;
  let res: Response;
  try {
    res = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(30_000),
    });
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    const why = cause?.code ?? cause?.message ?? (error as Error).message;
    throw new AppError(
      "RUNTIME",
      `cannot reach the hub at ${url} (${why}); check the --hub URL and that edgeseg-hub is running and reachable from this device`,
    );
  }
  const text = await res.text();
  let json: unknown = null;
  try {
    json = JSON.parse(text);
  } catch {
    // reported below
  }
  if (!res.ok) {
    const hubError = httpErrorSchema.safeParse(json);
    const message = hubError.success ? hubError.data.error.message : `HTTP ${res.status} ${res.statusText}`;
    const code = statusCodes[res.status] ?? "RUNTIME";
    const advice =
      code === "UNAUTHORIZED" || code === "FORBIDDEN"
        ? "; ask an admin for a new token (edgeseg-hub token create)"
        : code === "NOT_FOUND"
          ? `; is ${hubUrl} an edgeseg hub?`
          : "";
    throw new AppError(code, `the hub refused the enrolment: ${message}${advice}`);
  }
  const parsed = enrollResponseSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new AppError(
      "RUNTIME",
      `the hub at ${url} answered with something that is not an enrolment response (${issue?.path.join(".") || "body"}: ${issue?.message ?? "not JSON"}); check the --hub URL and the hub's version`,
    );
  }
  return parsed.data;
}
