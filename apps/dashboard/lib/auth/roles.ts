import type { Role } from "@edgeseg/db";

/** Roles in increasing order of power: each role may do everything the ones before it may. */
export const roleOrder = ["viewer", "researcher", "admin"] as const satisfies readonly Role[];

export function hasRole(actual: Role, required: Role): boolean {
  return roleOrder.indexOf(actual) >= roleOrder.indexOf(required);
}

/** What each role is for, shown next to the role picker. */
export const roleDescriptions: Record<Role, string> = {
  viewer: "reads everything, changes nothing",
  researcher: "uploads models and schedules campaigns",
  admin: "manages devices, enrolment tokens, approvals and users",
};
