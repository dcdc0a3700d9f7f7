"use client";

/** Shown when a page fails on the server; production hides the message, the digest finds it in the log. */
export default function PageError({
  error,
  reset,
}: {
  error: Error & { digest?: string };
  reset: () => void;
}) {
  return (
    <section role="alert" data-testid="page-error">
      <h1>This page could not be shown</h1>
      <p>
        The dashboard hit an error. Its log has the details
        {error.digest ? (
          <>
            {" "}
            under digest <code>{error.digest}</code>
          </>
        ) : null}
        .
      </p>
      <button type="button" onClick={reset}>
        Try again
      </button>
    </section>
  );
}
