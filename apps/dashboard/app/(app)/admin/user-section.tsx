import { ActionButton } from "@/components/action-button.tsx";
import type { listUsers } from "@/lib/admin/users.ts";
import { formatDateTime } from "@/lib/format.ts";
import { resetPasswordAction, revokeSessionsAction } from "./actions.ts";
import { RoleForm } from "./role-form.tsx";
import { SecretButton } from "./secret-button.tsx";
import { UserForm } from "./user-form.tsx";

type User = Awaited<ReturnType<typeof listUsers>>[number];

export function UserSection({ users, currentUserId }: { users: User[]; currentUserId: string }) {
  return (
    <section aria-labelledby="users-heading">
      <h2 id="users-heading">Users</h2>
      <UserForm />
      <div className="table-wrap" style={{ marginTop: "1rem" }}>
        <table data-testid="user-table">
          <caption>{users.length} users</caption>
          <thead>
            <tr>
              <th scope="col">E-mail</th>
              <th scope="col">Role</th>
              <th scope="col">Created</th>
              <th scope="col" className="num">
                Sessions
              </th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {users.map((u) => (
              <tr key={u.id} data-testid="user-row" data-email={u.email}>
                <th scope="row">
                  {u.email} {u.id === currentUserId && <span className="muted">(you)</span>}
                </th>
                <td>
                  {u.id === currentUserId ? (
                    <span className="badge">{u.role}</span>
                  ) : (
                    <RoleForm id={u.id} role={u.role} />
                  )}
                </td>
                <td>{formatDateTime(u.createdAt)}</td>
                <td className="num" data-testid="user-sessions">
                  {u._count.sessions}
                </td>
                <td>
                  <ActionButton
                    action={revokeSessionsAction}
                    id={u.id}
                    label="End sessions"
                    variant="danger"
                    confirm={`End every session of ${u.email}? Their next request asks them to log in again.`}
                    testId="end-sessions"
                  />
                  <SecretButton
                    action={resetPasswordAction}
                    id={u.id}
                    label="Reset password"
                    confirm={`Give ${u.email} a new generated password? The old one stops working and their sessions end.`}
                    hint="Hand it to the user over a trusted channel."
                    testId="reset-password"
                  />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
