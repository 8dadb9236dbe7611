import { useMutation } from "@tanstack/react-query";
import type { FormEvent, ReactNode } from "react";
import type { z } from "zod";
import type { authResponseSchema } from "../../../shared/api";
import { authMutationKey } from "../api/queries";
import { useFinishSignIn } from "../api/session";
import { useCheckedSubmit } from "../lib/use-checked-submit";
import { FormError } from "./ErrorAlert";
import { buttonStyles } from "./styles";

interface AuthFormProps<S extends z.ZodType> {
  /** Tells the session mutations apart (a 401 here means wrong credentials, not a lost session). */
  name: "login" | "signup";
  /** Checked in the browser first, so a typo is answered at once and in the same words as the API. */
  schema: S;
  submit: (input: z.output<S>) => Promise<z.output<typeof authResponseSchema>>;
  submitLabel: string;
  pendingLabel: string;
  /** Where to go once signed in. */
  next: string | undefined;
  /** The fields; their `name`s are the schema's keys. */
  children: ReactNode;
}

/** The log-in and sign-up form: validate, call the API, then continue where the user was headed. */
export function AuthForm<S extends z.ZodType>({ name, schema, submit, submitLabel, pendingLabel, next, children }: AuthFormProps<S>) {
  const finishSignIn = useFinishSignIn(next);
  const mutation = useMutation({ mutationKey: [...authMutationKey, name], mutationFn: submit, onSuccess: finishSignIn });
  const checked = useCheckedSubmit(schema, (input) => mutation.mutate(input));

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    checked.submit(Object.fromEntries(new FormData(event.currentTarget)));
  }

  return (
    <form className="space-y-4" onSubmit={onSubmit}>
      {children}
      <FormError invalid={checked.invalid} error={mutation.error} />
      <button type="submit" className={`${buttonStyles.primary} w-full`} disabled={mutation.isPending}>
        {mutation.isPending ? pendingLabel : submitLabel}
      </button>
    </form>
  );
}
