import type { Role } from "@edgeseg/db";

/** The signed-in user as pages and handlers see it: never the password hash. */
export interface SessionUser {
  id: string;
  email: string;
  role: Role;
}
