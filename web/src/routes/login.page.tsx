import { Link } from "@tanstack/react-router";
import { loginSchema } from "../../../shared/api";
import { login } from "../api/queries";
import { AuthForm } from "../components/AuthForm";
import { CenteredCard } from "../components/CenteredCard";
import { TextField } from "../components/TextField";
import { linkStyles } from "../components/styles";
import { loginRoute } from "./login";

export function LoginPage() {
  const { next } = loginRoute.useSearch();
  return (
    <CenteredCard title="Log in">
      <AuthForm name="login" schema={loginSchema} submit={login} submitLabel="Log in" pendingLabel="Logging in…" next={next}>
        <TextField label="Email" name="email" type="email" autoComplete="email" required maxLength={254} />
        <TextField label="Password" name="password" type="password" autoComplete="current-password" required maxLength={256} />
      </AuthForm>
      <p className="text-sm text-slate-600 dark:text-slate-400">
        Just signed up? Open the link we emailed you first: it confirms your address and signs you in. Logging in
        before that sends a new link.
      </p>
      <p className="text-sm text-slate-600 dark:text-slate-400">
        New to EdgeDock?{" "}
        <Link to="/signup" search={next ? { next } : {}} className={linkStyles}>
          Create an account
        </Link>
      </p>
    </CenteredCard>
  );
}
