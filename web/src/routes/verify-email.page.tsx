import { useMutation } from "@tanstack/react-query";
import { Link } from "@tanstack/react-router";
import { useEffect, useRef, useState } from "react";
import { authMutationKey, verifyEmail } from "../api/queries";
import { useFinishSignIn } from "../api/session";
import { CenteredCard } from "../components/CenteredCard";
import { ErrorAlert } from "../components/ErrorAlert";
import { buttonStyles } from "../components/styles";
import { tokenFromFragment } from "../lib/fragment-token";
import { forgetNextAfterConfirmation, readNextAfterConfirmation } from "../lib/pending-next";

export function VerifyEmailPage() {
  // Read once: the fragment is removed from the address bar right after.
  const [token] = useState(tokenFromFragment);
  const [next] = useState(readNextAfterConfirmation);
  const finishSignIn = useFinishSignIn(next);
  const mutation = useMutation({
    mutationKey: [...authMutationKey, "verify-email"],
    mutationFn: verifyEmail,
    onSuccess: async () => {
      forgetNextAfterConfirmation();
      await finishSignIn();
    },
  });
  const { mutate } = mutation;
  const started = useRef(false);

  useEffect(() => {
    // A link works once, so it is sent once, even when React runs this effect twice in development.
    if (started.current || token === null) return;
    started.current = true;
    // Out of the history and the address bar, where a shoulder or a screen share would see it.
    window.history.replaceState(window.history.state, "", window.location.pathname);
    mutate(token);
  }, [token, mutate]);

  if (token === null) {
    return (
      <CenteredCard title="This link is incomplete" intro="Open the link from the confirmation email again, as a whole, or log in to get a new one.">
        <Link to="/login" className={`${buttonStyles.primary} w-full`}>
          Log in
        </Link>
      </CenteredCard>
    );
  }

  if (mutation.isError) {
    return (
      <CenteredCard title="Your address could not be confirmed">
        <ErrorAlert error={mutation.error} />
        <p className="text-sm text-slate-600 dark:text-slate-400">
          Logging in with your email and password sends a new link while the address is unconfirmed.
        </p>
        <Link to="/login" className={`${buttonStyles.primary} w-full`}>
          Log in
        </Link>
      </CenteredCard>
    );
  }

  return (
    <CenteredCard title="Confirming your email address">
      <p role="status" className="text-sm text-slate-600 dark:text-slate-400">
        {mutation.isSuccess ? "Confirmed. Signing you in…" : "Confirming…"}
      </p>
    </CenteredCard>
  );
}
