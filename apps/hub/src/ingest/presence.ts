import type { Db } from "@edgeseg/db";
import type { BirthMessage, StateMessage } from "@edgeseg/protocol";
import type { Logger } from "pino";
import type { HookCaller } from "./hooks.ts";

/** lastSeenAt is written at most this often per device for ordinary traffic (presence always writes). */
const TOUCH_INTERVAL_MS = 15_000;

/**
 * Online/offline from birth, state and the Last Will. The latest connection id of each device is kept
 * in memory: a Last Will from an earlier connection (the broker publishes it when a reconnect takes
 * the session over, [MQTT-3.1.4-2], possibly after the new birth) is stale and ignored. After a hub
 * restart the retained birth and state messages [MQTT-3.3.1-6] rebuild this memory.
 *
 * A retained message is an old one replayed on subscription, so it changes status but not lastSeenAt,
 * and a retained birth alone does not mean the device is connected now (its state message says).
 */
export function createPresence(deps: { db: Db; logger: Logger; call: HookCaller; now: () => Date }) {
  const { db, logger, call, now } = deps;
  const latest = new Map<string, string>();
  const online = new Map<string, boolean>();
  const touched = new Map<string, number>();

  async function setOnline(deviceId: string, isOnline: boolean, retained: boolean, extra: object = {}) {
    const data = { online: isOnline, ...(retained ? {} : { lastSeenAt: now() }), ...extra };
    await db.prisma.device.updateMany({ where: { id: deviceId }, data });
    if (!retained) touched.set(deviceId, now().getTime());
    const was = online.get(deviceId);
    online.set(deviceId, isOnline);
    if (was === isOnline) return;
    logger.info({ deviceId, retained }, isOnline ? "device online" : "device offline");
    if (isOnline) call("onDeviceOnline", deviceId);
    else call("onDeviceOffline", deviceId);
  }

  return {
    async birth(deviceId: string, msg: BirthMessage, retained: boolean) {
      latest.set(deviceId, msg.connectionId);
      const info = { agentVersion: msg.agentVersion, deviceInfo: msg.device };
      if (retained) {
        await db.prisma.device.updateMany({ where: { id: deviceId }, data: info });
        return;
      }
      await setOnline(deviceId, true, false, info);
    },

    async state(deviceId: string, msg: StateMessage, retained: boolean) {
      if (msg.status === "online") {
        latest.set(deviceId, msg.connectionId);
        await setOnline(deviceId, true, retained);
        return;
      }
      const current = latest.get(deviceId);
      if (current !== undefined && current !== msg.connectionId) {
        logger.debug(
          { deviceId, connectionId: msg.connectionId, current },
          "stale Last Will of an earlier connection ignored",
        );
        return;
      }
      latest.set(deviceId, msg.connectionId);
      await setOnline(deviceId, false, retained);
    },

    /** Any other message from the device: refresh lastSeenAt, at most every TOUCH_INTERVAL_MS. */
    async touch(deviceId: string) {
      const t = now().getTime();
      if (t - (touched.get(deviceId) ?? 0) < TOUCH_INTERVAL_MS) return;
      touched.set(deviceId, t);
      await db.prisma.device.updateMany({ where: { id: deviceId }, data: { lastSeenAt: new Date(t) } });
    },

    isOnline(deviceId: string): boolean {
      return online.get(deviceId) ?? false;
    },
  };
}

export type Presence = ReturnType<typeof createPresence>;
