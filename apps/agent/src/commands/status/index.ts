import { z } from "zod";
import { numberFlag, parseOptions } from "../../cli/options.ts";
import { printJson } from "../../cli/output.ts";
import { resolveConfigPath } from "../../config/index.ts";
import { type AgentStatus, gatherStatus } from "./gather.ts";

const optionsSchema = z.object({
  config: z.string().min(1).optional(),
  json: z.boolean().default(false),
  timeout: numberFlag("--timeout").pipe(z.number().min(0.1).max(120)).default(5),
});

/**
 * `edgeseg-agent status`: what a field engineer checks on the device — the version and installation,
 * the config and enrolment, whether the hub answers (HTTP /healthz, the broker's port), the service,
 * the last job and result, the spool. Exit code 0 when the hub is reachable, 1 otherwise.
 */
export async function statusCommand(raw: unknown): Promise<void> {
  const opts = parseOptions(optionsSchema, raw);
  const status = await gatherStatus(resolveConfigPath(opts.config), opts.timeout * 1000);
  if (opts.json) printJson(status);
  else process.stdout.write(describeStatus(status));
  if (!status.ok) process.exitCode = 1;
}

const reach = (r: { reachable: boolean; ms: number | null; error: string | null }) =>
  r.reachable ? `reachable (${r.ms} ms)` : `NOT reachable (${r.error})`;

export function describeStatus(s: AgentStatus): string {
  const svc = s.service;
  const lines = [
    `agent      ${s.version} on Node.js ${s.node}`,
    ...(s.install
      ? [`installed  ${s.install.dir} (current → ${s.install.current ?? "?"}, running ${s.install.running})`]
      : []),
    `config     ${s.config.path}`,
    `device     ${s.config.deviceId}${s.config.name ? ` (${s.config.name})` : ""}, results ${s.enrolment.signed ? "signed" : "UNSIGNED (enrol again to sign)"}${s.enrolment.caPinned ? `, hub CA pinned ${s.enrolment.caPinned.slice(0, 19)}…` : ""}`,
    `data       ${s.config.dataDir}`,
    `hub http   ${s.config.hubUrl}: ${reach(s.hub.http)}${s.hub.http.status !== null && s.hub.http.status !== 200 ? `, /healthz answered ${s.hub.http.status}` : ""}`,
    `hub mqtt   ${s.config.mqttUrl}: ${reach(s.hub.mqtt)}`,
    `service    ${svc.active === null ? `unknown (${svc.note})` : `${svc.active}, ${svc.enabled || "no unit file"}${svc.mainPid ? `, pid ${svc.mainPid}` : ""}`}`,
    `jobs       ${s.jobs.pending.length} pending${s.jobs.pending.length ? ` (${s.jobs.pending.join(", ")})` : ""}; last: ${s.jobs.last ? `${s.jobs.last.key} ${s.jobs.last.ack}${s.jobs.last.reason ? ` (${s.jobs.last.reason})` : ""} at ${s.jobs.last.at}` : "none yet"}`,
    `result     ${s.lastResult ? `${s.lastResult.resultId} ${s.lastResult.status}${s.lastResult.modelId ? ` (${s.lastResult.modelId})` : ""} at ${s.lastResult.createdAt}, ${s.lastResult.delivered ? "delivered" : "waiting in the spool"}` : "none yet"}`,
    `spool      ${s.spool.entries} message(s), ${s.spool.results} result(s), ${(s.spool.bytes / 1024).toFixed(1)} KiB${s.spool.oldest ? `, oldest from ${s.spool.oldest}` : ""}`,
  ];
  if (!s.ok)
    lines.push(
      "the hub is not reachable: check the network, the hub's address in the config, and that the hub runs",
    );
  return `${lines.join("\n")}\n`;
}
