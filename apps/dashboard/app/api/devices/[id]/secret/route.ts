import { userActor } from "@edgeseg/db";
import { rotateDeviceSecret } from "@edgeseg/registry";
import { withRole } from "@/lib/api.ts";
import { getDb } from "@/lib/db.ts";

/**
 * Admin: rotate the device's MQTT/HTTP secret. 200 { deviceId, secret }: the new secret, returned this
 * once (only its hash is stored); the old one is refused from now on (audited, without either).
 */
export const POST = withRole<{ id: string }>("admin", async (_request, { user, params }) =>
  Response.json(await rotateDeviceSecret(await getDb(), params.id, { actor: userActor(user) }), {
    headers: { "cache-control": "no-store" },
  }),
);
