import { useMutation } from "@tanstack/react-query";
import { Link } from "@tanstack/react-router";
import { useState } from "react";
import type { FormEvent } from "react";
import { MIN_PASSWORD_LENGTH, signupSchema } from "../../../shared/api";
import type { SignupInput } from "../../../shared/api";
import { authMutationKey, signup } from "../api/queries";
import { CenteredCard } from "../components/CenteredCard";
import { FormError } from "../components/ErrorAlert";
import { TextField } from "../components/TextField";
import { buttonStyles, linkStyles } from "../components/styles";
import { rememberNextAfterConfirmation } from "../lib/pending-next";
import { useCheckedSubmit } from "../lib/use-checked-submit";
import { signupRoute } from "./signup";

export function SignupPage() {
  const { next } = signupRoute.useSearch();
  const [sentTo, setSentTo] = useState<string | null>(null);
  const mutation = useMutation({
    mutationKey: [...authMutationKey, "signup"],
    mutationFn: signup,
    onSuccess: (_answer, input: SignupInput) => {
      // The link opens in another tab; that tab continues to where this one was headed.
      rememberNextAfterConfirmation(next);
      setSentTo(input.email);
    },
  });
  const checked = useCheckedSubmit(signupSchema, (input) => mutation.mutate(input));

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    checked.submit(Object.fromEntries(new FormData(event.currentTarget)));
  }

  if (sentTo !== null) return <CheckYourEmail email={sentTo} onRetry={() => setSentTo(null)} />;

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
          help={`At least ${MIN_PASSWORD_LENGTH} characters, and not one of the most common passwords.`}
        />
        <FormError invalid={checked.invalid} error={mutation.error} />
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

/**
 * What every sign-up sees, whether the address was new or already had an account: the API answers both
 * alike, and the mailbox tells the two apart.
 */
function CheckYourEmail({ email, onRetry }: { email: string; onRetry: () => void }) {
  return (
    <CenteredCard
      title="Check your email"
      intro={
        <p>
          We sent a message to <strong className="font-medium text-slate-900 dark:text-slate-100">{email}</strong>. Open the link in it to
          confirm your address and sign in; it works once and expires in 24 hours.
        </p>
      }
    >
      <div role="status" className="space-y-3 text-sm text-slate-600 dark:text-slate-400">
        <p>If this address already has an account, the message says so instead: log in with it.</p>
        <p>
          Nothing arrived after a few minutes? Check the spam folder, or{" "}
          <button type="button" className={linkStyles} onClick={onRetry}>
            use another address
          </button>
          . Logging in with your password also sends a new link while the address is unconfirmed.
        </p>
      </div>
      <Link to="/login" className={`${buttonStyles.secondary} w-full`}>
        Go to log in
      </Link>
    </CenteredCard>
  );
}
