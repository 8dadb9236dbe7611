import { Link } from "@tanstack/react-router";
import { MIN_PASSWORD_LENGTH, signupSchema } from "../../../shared/api";
import { signup } from "../api/queries";
import { AuthForm } from "../components/AuthForm";
import { CenteredCard } from "../components/CenteredCard";
import { TextField } from "../components/TextField";
import { linkStyles } from "../components/styles";
import { signupRoute } from "./signup";

export function SignupPage() {
  const { next } = signupRoute.useSearch();
  return (
    <CenteredCard title="Create your account">
      <AuthForm name="signup" schema={signupSchema} submit={signup} submitLabel="Create account" pendingLabel="Creating account…" next={next}>
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
      </AuthForm>
      <p className="text-sm text-slate-600 dark:text-slate-400">
        Already have an account?{" "}
        <Link to="/login" search={next ? { next } : {}} className={linkStyles}>
          Log in
        </Link>
      </p>
    </CenteredCard>
  );
}
