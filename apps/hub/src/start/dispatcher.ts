import { hostname } from "node:os";
import type { MqttClient } from "mqtt";
import type { DispatcherFactory, HubDispatcher } from "../dispatch-contract.ts";
import type { StartContext } from "./context.ts";

/**
 * The dispatcher, publishing through the service client (QoS 1 resolves on the broker's PUBACK). Its
 * dispatch leases carry --hub-id (default: the host name), so hubs sharing a database each re-send
 * the jobs they delivered, and take over those of a hub that stopped renewing.
 */
export async function startDispatcher(
  ctx: StartContext,
  client: MqttClient,
  option: DispatcherFactory | null | undefined,
  tickIntervalMs: number | undefined,
): Promise<HubDispatcher | null> {
  const factory = option === undefined ? (await import("../dispatch-default.ts")).dispatcher : option;
  if (!factory) return null;
  const publish = async (topic: string, payload: Buffer, qos: 0 | 1) => {
    await client.publishAsync(topic, payload, { qos });
  };
  const logger = ctx.logger.child({ component: "dispatch" });
  const { hubId, leaseMs, jobTimeoutGraceMs } = ctx.config;
  const dispatcher = await factory({
    db: ctx.db,
    publish,
    logger,
    now: ctx.now,
    tickIntervalMs,
    hubId: hubId ?? hostname(),
    leaseMs,
    timeoutGraceMs: jobTimeoutGraceMs,
  });
  ctx.stack.add("dispatcher", () => dispatcher.close());
  return dispatcher;
}
