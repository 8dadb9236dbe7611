import { useNavigate } from "@tanstack/react-router";
import { describeError } from "../api/client";
import { useSignOut } from "../api/session";
import { buttonStyles } from "./styles";

export function SignOutButton() {
  const navigate = useNavigate();
  const signOut = useSignOut();
  return (
    <>
      <button
        type="button"
        className={buttonStyles.secondary}
        disabled={signOut.isPending}
        onClick={() => signOut.mutate(undefined, { onSuccess: () => navigate({ to: "/login" }) })}
      >
        {signOut.isPending ? "Signing out…" : "Sign out"}
      </button>
      {signOut.isError ? (
        <p role="alert" className="basis-full text-right text-sm text-red-700 dark:text-red-300">
          Sign out failed: {describeError(signOut.error)}
        </p>
      ) : null}
    </>
  );
}
