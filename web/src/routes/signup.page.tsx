import { useMutation } from "@tanstack/react-query";
import { Link } from "@tanstack/react-router";
import type { FormEvent } from "react";
import { useState } from "react";
import { MIN_PASSWORD_LENGTH, signupSchema } from "../../../shared/api";
import { authMutationKey, signup } from "../api/queries";
import { useFinishSignIn } from "../api/session";
import { CenteredCard } from "../components/CenteredCard";
import { Alert, ErrorAlert } from "../components/ErrorAlert";
import { TextField } from "../components/TextField";
import { buttonStyles, linkStyles } from "../components/styles";
import { firstIssueMessage } from "../lib/first-issue";
import { signupRoute } from "./signup";

export function SignupPage() {
  const { next } = signupRoute.useSearch();
  const finishSignIn = useFinishSignIn(next);
  const [invalid, setInvalid] = useState<string | null>(null);
  const mutation = useMutation({
    mutationKey: [...authMutationKey, "signup"],
    mutationFn: signup,
    onSuccess: finishSignIn,
  });

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const parsed = signupSchema.safeParse({
      name: form.get("name"),
      email: form.get("email"),
      password: form.get("password"),
    });
    if (!parsed.success) {
      setInvalid(firstIssueMessage(parsed.error));
      return;
    }
    setInvalid(null);
    mutation.mutate(parsed.data);
  }

  return (
    <CenteredCard title="Create your account">
      <form className="space-y-4" onSubmit={onSubmit}>
        <TextField label="Name" name="name" autoComplete="name" required maxLength={100} />
        <TextField label="Email" name="email" type="email" autoComplete="email" required maxLength={254} />
        <TextField
          label="Password"
          name="password"
          type="password"
          autoComplete="new-password"
          required
          minLength={MIN_PASSWORD_LENGTH}
          maxLength={256}
          help={`At least ${MIN_PASSWORD_LENGTH} characters.`}
        />
        {invalid ? <Alert>{invalid}</Alert> : mutation.isError ? <ErrorAlert error={mutation.error} /> : null}
        <button type="submit" className={`${buttonStyles.primary} w-full`} disabled={mutation.isPending}>
          {mutation.isPending ? "Creating account…" : "Create account"}
        </button>
      </form>
      <p className="text-sm text-slate-600 dark:text-slate-400">
        Already have an account?{" "}
        <Link to="/login" search={next ? { next } : {}} className={linkStyles}>
          Log in
        </Link>
      </p>
    </CenteredCard>
  );
}
