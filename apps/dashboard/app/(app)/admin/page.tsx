import type { Metadata } from "next";
import { hubCaFingerprint } from "@/lib/admin/hub-ca.ts";
import { listEnrollmentTokens } from "@/lib/admin/tokens.ts";
import { listUsers } from "@/lib/admin/users.ts";
import { requirePageRole } from "@/lib/auth/server.ts";
import { env, prisma } from "@/lib/db.ts";
import { deviceState } from "@/lib/fleet/state.ts";
import { DeviceSection } from "./device-section.tsx";
import { PendingSection } from "./pending-section.tsx";
import { TokenSection } from "./token-section.tsx";
import { UserSection } from "./user-section.tsx";

export const metadata: Metadata = { title: "Admin" };

export default async function AdminPage() {
  const user = await requirePageRole("admin", "/admin");
  const db = await prisma();
  const now = new Date();
  const [tokens, devices, users] = await Promise.all([
    listEnrollmentTokens(db, now),
    db.device.findMany({
      orderBy: [{ status: "asc" }, { name: "asc" }],
      select: {
        id: true,
        name: true,
        status: true,
        online: true,
        lastSeenAt: true,
        deviceClassId: true,
        hardwareFingerprint: true,
        agentVersion: true,
        createdAt: true,
      },
    }),
    listUsers(db),
  ]);
  const pending = devices.filter((d) => d.status === "pending");
  const others = devices
    .filter((d) => d.status !== "pending")
    .map((d) => ({ ...d, state: deviceState(d, now) }));
  return (
    <>
      <h1>Admin</h1>
      <p>
        <a href="/admin/audit" data-testid="audit-link">
          Audit trail
        </a>{" "}
        — who changed what, and when.
      </p>
      <TokenSection
        tokens={tokens}
        hubUrl={env().hubUrl}
        caFingerprint={await hubCaFingerprint(process.env.EDGESEG_DATA_DIR)}
      />
      <PendingSection devices={pending} />
      <DeviceSection devices={others} />
      <UserSection users={users} currentUserId={user.id} />
    </>
  );
}
