import type { listUsers } from "@/lib/admin/users.ts";
import { formatDateTime } from "@/lib/format.ts";
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
            </tr>
          </thead>
          <tbody>
            {users.map((u) => (
              <tr key={u.id} data-testid="user-row" data-email={u.email}>
                <th scope="row">
                  {u.email} {u.id === currentUserId && <span className="muted">(you)</span>}
                </th>
                <td>
                  <span className="badge">{u.role}</span>
                </td>
                <td>{formatDateTime(u.createdAt)}</td>
                <td className="num">{u._count.sessions}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
