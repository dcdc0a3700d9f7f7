import Link from "next/link";

export default function NotFound() {
  return (
    <main className="login" data-testid="not-found">
      <h1>Not found</h1>
      <p>There is nothing at this address (a device that was removed, or a mistyped link).</p>
      <Link href="/">Back to the fleet</Link>
    </main>
  );
}
