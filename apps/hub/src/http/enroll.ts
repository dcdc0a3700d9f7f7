import type { IncomingMessage, ServerResponse } from "node:http";
import type { AuthGuard } from "@edgeseg/protocol";
import { AppError, type EnrollResponse, enrollRequestSchema, isAppError } from "@edgeseg/protocol";
import { enrollDevice } from "../enroll/enroll-device.ts";
import { readJsonBody } from "./body.ts";
import { assertAdmitted } from "./limits.ts";
import { publicUrls } from "./public-urls.ts";
import { sendJson } from "./respond.ts";
import type { HttpDeps } from "./server.ts";

/** An enrolment request is small: device info and a token. */
const BODY_LIMIT = 64 * 1024;

/**
 * POST /api/enroll — token in, device id and secret out (201), shown once. Limited per source address
 * and per hardware fingerprint: a refused token counts as a failure (back-off from the Nth). No cap
 * on concurrent enrolments (see server.ts).
 */
export async function handleEnroll(
  deps: HttpDeps,
  req: IncomingMessage,
  res: ServerResponse,
  limit: { guard: AuthGuard; address: string },
) {
  const body = await readJsonBody(req, BODY_LIMIT);
  const parsed = enrollRequestSchema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = issue.path.join(".") || "(body)";
    throw new AppError("INPUT", `invalid enrolment request: ${field}: ${issue.message}`);
  }
  const { guard, address } = limit;
  const fingerprint = parsed.data.fingerprint;
  const admission = guard.admit(address, fingerprint);
  assertAdmitted(admission);
  const enrolled = await enrollDevice(deps, parsed.data)
    .then(
      (done) => {
        guard.succeeded(fingerprint);
        return done;
      },
      (error: unknown) => {
        if (isAppError(error) && error.code === "UNAUTHORIZED") guard.failed(address, fingerprint);
        throw error;
      },
    )
    .finally(admission.release);
  const { caFingerprint } = deps.urls;
  const response: EnrollResponse = {
    ...enrolled,
    ...publicUrls(req, deps.urls),
    ...(caFingerprint ? { caFingerprint } : {}),
  };
  sendJson(res, 201, response);
}
