import {
  AppError,
  ENROLL_PATH,
  type EnrollRequest,
  type EnrollResponse,
  type ErrorCode,
  enrollResponseSchema,
  httpErrorSchema,
} from "@edgeseg/protocol";
import type { EgressMeter } from "../../net/egress.ts";
import { hubRequest, readText } from "../../net/hub-request.ts";
import type { PinnedCa } from "../../net/pinned-ca.ts";

const statusCodes: Record<number, ErrorCode> = {
  400: "INPUT",
  401: "UNAUTHORIZED",
  403: "FORBIDDEN",
  404: "NOT_FOUND",
  409: "INTEGRITY",
  410: "UNAUTHORIZED",
  422: "INPUT",
};

/**
 * POST /api/enroll (over TLS verified against the pinned CA when one is given); every failure becomes
 * one AppError line saying what happened and what to do.
 */
export async function postEnroll(
  hubUrl: string,
  body: EnrollRequest,
  pin?: PinnedCa,
  meter?: EgressMeter,
): Promise<EnrollResponse> {
  const url = hubUrl.replace(/\/+$/, "") + ENROLL_PATH;
  let res: { ok: boolean; status: number; statusText: string };
  let text: string;
  try {
    const payload = JSON.stringify(body);
    const answer = await hubRequest(url, {
      method: "POST",
      headers: { "content-type": "application/json", "content-length": Buffer.byteLength(payload) },
      body: payload,
      ...(pin ? { pin } : {}),
      ...(meter ? { meter } : {}),
    });
    const status = answer.statusCode ?? 0;
    res = { ok: status >= 200 && status < 300, status, statusText: answer.statusMessage ?? "" };
    text = await readText(answer);
  } catch (error) {
    const why = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    const tlsAdvice = /CERT|SSL|TLS|ERR_TLS/.test(why)
      ? `: its TLS certificate does not verify against the pinned CA (${(error as Error).message})`
      : "";
    throw new AppError(
      "RUNTIME",
      `cannot reach the hub at ${url} (${why})${tlsAdvice}; check the --hub URL and that edgeseg-hub is running and reachable from this device`,
    );
  }
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
