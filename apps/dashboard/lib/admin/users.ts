import type { Db } from "@edgeseg/db";

/** Users for the admin page: never the password hashes. */
export function listUsers(prisma: Db["prisma"]) {
  return prisma.user.findMany({
    orderBy: { email: "asc" },
    select: { id: true, email: true, role: true, createdAt: true, _count: { select: { sessions: true } } },
  });
}
