import { generateSigningKeyPair, signResult } from "@edgeseg/protocol/crypto";
import type { MqttClient } from "mqtt";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startHub, type TestHub } from "../testing/hub.ts";
import { resultMessage, send } from "../testing/messages.ts";
import { connect } from "../testing/mqtt.ts";
import { waitFor } from "../testing/wait.ts";

let hub: TestHub;
let signer: MqttClient;
let other: MqttClient;
const keys = generateSigningKeyPair();
const otherKeys = generateSigningKeyPair();

beforeAll(async () => {
  hub = await startHub();
  const asDevice = async (id: string, key: string) => {
    const secret = await hub.addDevice(id);
    await hub.db.prisma.device.update({ where: { id }, data: { signingKey: key } });
    return connect(hub.mqttUrl, { clientId: id, username: id, password: secret });
  };
  signer = await asDevice("pi-signer", keys.publicKey);
  other = await asDevice("pi-other", otherKeys.publicKey);
});
afterAll(async () => {
  await signer.endAsync();
  await other.endAsync();
  await hub.dispose();
});

const stored = (id: string) => hub.db.prisma.result.findUnique({ where: { id } });
const refusal = (resultId: string) =>
  waitFor(
    () => hub.logs.find("message refused; dropped").find((l) => String(l.reason).includes(resultId)),
    `the refusal of ${resultId}`,
  );

describe("signed results through the embedded broker", () => {
  it("stores a valid signature with the result; refuses an altered, a re-signed-by-another and an unsigned one", async () => {
    const valid = resultMessage("pi-signer");
    valid.signature = signResult("pi-signer", valid.result, keys.privateKeyPem);
    // QoS 1: the broker acknowledges only after ingest has stored it (beforeResultAck).
    await send(signer, "results", valid);
    expect((await stored(valid.result.resultId))?.signature).toBe(valid.signature.value);

    const altered = resultMessage("pi-signer");
    altered.signature = signResult("pi-signer", altered.result, keys.privateKeyPem);
    altered.result.agentVersion = "9.9.9";
    await send(signer, "results", altered);
    expect((await refusal(altered.result.resultId)).deviceId).toBe("pi-signer");

    const byOther = resultMessage("pi-other");
    byOther.signature = signResult("pi-signer", byOther.result, keys.privateKeyPem);
    await send(other, "results", byOther);
    expect(String((await refusal(byOther.result.resultId)).reason)).toContain(
      "but device pi-other enrolled with key",
    );

    const unsigned = resultMessage("pi-signer");
    await send(signer, "results", unsigned);
    await refusal(unsigned.result.resultId);

    for (const m of [altered, byOther, unsigned]) expect(await stored(m.result.resultId)).toBeNull();
    // A refused result is acknowledged and dropped, not re-sent forever: the connection stays up.
    expect(signer.connected).toBe(true);
  });
});
