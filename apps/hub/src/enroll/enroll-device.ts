import { randomBytes } from "node:crypto";
import { type Db, hashSecret, hashToken } from "@edgeseg/db";
import { AppError, type EnrollRequest } from "@edgeseg/protocol";
import { publicKeyObject, signingKeyId } from "@edgeseg/protocol/crypto";
import type { DeviceProvisioning } from "@edgeseg/registry";
import type { Logger } from "pino";
import { deviceClassIdPattern, deviceClassRow } from "./device-class.ts";
import { newDeviceId } from "./device-id.ts";

export interface Enrolled {
  deviceId: string;
  secret: string;
  status: "active" | "pending";
  /** The id of the signing key stored for the device, when the agent sent one. */
  signingKeyId?: string;
}

/** Room for the broker's answer (the dynsec client waits up to 5 s) inside the enrolment transaction. */
const PROVISIONING_TX = { timeout: 15_000 };

const invalidToken = (why: string) =>
  new AppError(
    "UNAUTHORIZED",
    `enrolment token ${why}: ask an admin for a new one (edgeseg-hub token create)`,
  );

/**
 * Exchanges a one-time enrolment token for a new device and its secret. The token is looked up by its
 * sha256, must be unused and unexpired, and is claimed in the same transaction that creates the device
 * (a conditional update, written first so two agents racing with one token cannot both win). A known
 * hardware fingerprint is logged but creates a new device: a token must not let anyone take over an
 * existing device's identity.
 *
 * With `deps.provisioning` (an external broker the hub provisions) the broker gets the device's
 * credentials, the plaintext secret only there, as the last step of that transaction: if the broker
 * cannot take them nothing is committed (the token stays unused) and the agent is told to retry.
 */
export async function enrollDevice(
  deps: { db: Db; logger: Logger; now: () => Date; provisioning?: DeviceProvisioning },
  req: EnrollRequest,
): Promise<Enrolled> {
  const { db, logger } = deps;
  const now = deps.now();
  const cls = req.device.deviceClass;
  if (!deviceClassIdPattern.test(cls.id)) {
    throw new AppError(
      "INPUT",
      `device class id "${cls.id}" is not a firmware profile id (lowercase letters, digits, '-')`,
    );
  }
  if (req.signingKey !== undefined) {
    // 43 base64url characters can still decode to bytes that are no Ed25519 point.
    try {
      publicKeyObject(req.signingKey);
    } catch {
      throw new AppError(
        "INPUT",
        "signingKey is not an Ed25519 public key; enrol again with this agent version",
      );
    }
  }
  const token = await db.prisma.enrollmentToken.findUnique({ where: { tokenHash: hashToken(req.token) } });
  if (!token) throw invalidToken("is not valid");
  if (token.usedAt) throw invalidToken("was already used");
  if (token.expiresAt <= now) throw invalidToken(`expired at ${token.expiresAt.toISOString()}`);

  const secret = randomBytes(32).toString("base64url");
  const secretHash = await hashSecret(secret);
  const deviceId = newDeviceId(cls.id);
  const status = token.requiresApproval ? "pending" : "active";
  const classRow = await deviceClassRow(cls);

  await db.prisma.$transaction(async (tx) => {
    const claimed = await tx.enrollmentToken.updateMany({
      where: { id: token.id, usedAt: null },
      data: { usedAt: now },
    });
    if (claimed.count !== 1) throw invalidToken("was already used");
    await tx.deviceClass.upsert({ where: { id: cls.id }, update: {}, create: classRow });
    await tx.device.create({
      data: {
        id: deviceId,
        name: req.name ?? deviceId,
        secretHash,
        status,
        deviceClassId: cls.id,
        hardwareFingerprint: req.fingerprint,
        deviceInfo: req.device,
        agentVersion: req.agentVersion,
        signingKey: req.signingKey ?? null,
      },
    });
    await tx.enrollmentToken.update({ where: { id: token.id }, data: { usedByDeviceId: deviceId } });
    if (!deps.provisioning) return;
    try {
      await deps.provisioning.credentialsSet({ id: deviceId, status, secretHash }, secret);
    } catch (error) {
      logger.error(
        { err: (error as Error).message, deviceId },
        "cannot provision the broker; enrolment not made",
      );
      throw new AppError(
        "RUNTIME",
        "the hub could not give the MQTT broker this device's credentials; the token is still valid: enrol again in a minute",
        { cause: error },
      );
    }
  }, PROVISIONING_TX);

  const earlier = await db.prisma.device.findMany({
    where: { hardwareFingerprint: req.fingerprint, id: { not: deviceId } },
    select: { id: true },
  });
  const log = logger.child({ deviceId });
  if (earlier.length > 0)
    log.info({ earlier: earlier.map((d) => d.id) }, "hardware enrolled before, as other devices");
  if (status === "pending")
    log.warn(`device enrolled, awaits approval: edgeseg-hub device approve ${deviceId}`);
  else log.info({ deviceClassId: cls.id }, "device enrolled");
  if (req.signingKey === undefined)
    log.warn("the agent sent no signing key: its results will be stored as unverified and never ranked");
  return {
    deviceId,
    secret,
    status,
    ...(req.signingKey ? { signingKeyId: signingKeyId(req.signingKey) } : {}),
  };
}
