import { type FormEvent, startTransition } from "react";

/**
 * An onSubmit handler that runs a form's action without React's automatic form reset (which follows
 * `<form action={…}>`), so a refused submission keeps what was typed for the user to correct.
 */
export function submitKeepingInput(action: (form: FormData) => void) {
  return (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    startTransition(() => action(form));
  };
}
