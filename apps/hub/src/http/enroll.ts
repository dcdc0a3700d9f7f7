import type { IncomingMessage, ServerResponse } from "node:http";
import { AppError, type EnrollResponse, enrollRequestSchema } from "@edgeseg/protocol";
import { enrollDevice } from "../enroll/enroll-device.ts";
import { readJsonBody } from "./body.ts";
import { publicUrls } from "./public-urls.ts";
import { sendJson } from "./respond.ts";
import type { HttpDeps } from "./server.ts";

/** An enrolment request is small: device info and a token. */
const BODY_LIMIT = 64 * 1024;

/** POST /api/enroll — token in, device id and secret out (201), shown once. */
export async function handleEnroll(deps: HttpDeps, req: IncomingMessage, res: ServerResponse) {
  const body = await readJsonBody(req, BODY_LIMIT);
  const parsed = enrollRequestSchema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = issue.path.join(".") || "(body)";
    throw new AppError("INPUT", `invalid enrolment request: ${field}: ${issue.message}`);
  }
  const enrolled = await enrollDevice(deps, parsed.data);
  const response: EnrollResponse = { ...enrolled, ...publicUrls(req, deps.urls) };
  sendJson(res, 201, response);
}
