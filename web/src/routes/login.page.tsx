import { useMutation } from "@tanstack/react-query";
import { Link } from "@tanstack/react-router";
import type { FormEvent } from "react";
import { useState } from "react";
import { loginSchema } from "../../../shared/api";
import { authMutationKey, login } from "../api/queries";
import { useFinishSignIn } from "../api/session";
import { CenteredCard } from "../components/CenteredCard";
import { Alert, ErrorAlert } from "../components/ErrorAlert";
import { TextField } from "../components/TextField";
import { buttonStyles, linkStyles } from "../components/styles";
import { firstIssueMessage } from "../lib/first-issue";
import { loginRoute } from "./login";

export function LoginPage() {
  const { next } = loginRoute.useSearch();
  const finishSignIn = useFinishSignIn(next);
  const [invalid, setInvalid] = useState<string | null>(null);
  const mutation = useMutation({
    mutationKey: [...authMutationKey, "login"],
    mutationFn: login,
    onSuccess: finishSignIn,
  });

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const parsed = loginSchema.safeParse({ email: form.get("email"), password: form.get("password") });
    if (!parsed.success) {
      setInvalid(firstIssueMessage(parsed.error));
      return;
    }
    setInvalid(null);
    mutation.mutate(parsed.data);
  }

  return (
    <CenteredCard title="Log in">
      <form className="space-y-4" onSubmit={onSubmit}>
        <TextField label="Email" name="email" type="email" autoComplete="email" required maxLength={254} />
        <TextField label="Password" name="password" type="password" autoComplete="current-password" required maxLength={256} />
        {invalid ? <Alert>{invalid}</Alert> : mutation.isError ? <ErrorAlert error={mutation.error} /> : null}
        <button type="submit" className={`${buttonStyles.primary} w-full`} disabled={mutation.isPending}>
          {mutation.isPending ? "Logging in…" : "Log in"}
        </button>
      </form>
      <p className="text-sm text-slate-600 dark:text-slate-400">
        New to EdgeDock?{" "}
        <Link to="/signup" search={next ? { next } : {}} className={linkStyles}>
          Create an account
        </Link>
      </p>
    </CenteredCard>
  );
}
