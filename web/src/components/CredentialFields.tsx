import type { Provider } from "../../../shared/api";
import { TextField } from "./TextField";
import { linkStyles } from "./styles";

// Prefixed so a provider field called e.g. "name" or "baseUrl" cannot collide with the dock's own fields.
const credentialInputName = (fieldName: string) => `credential.${fieldName}`;

/** A text value of a submitted form, trimmed: pasted tokens often carry a trailing newline the provider would reject. */
export function formText(form: FormData, key: string): string {
  const value = form.get(key);
  return typeof value === "string" ? value.trim() : "";
}

/** The provider's credentials as the API takes them, read from a form that renders `CredentialFields`. */
export function readCredentials(form: FormData, provider: Provider): Record<string, string> {
  return Object.fromEntries(provider.credentialFields.map((field) => [field.name, formText(form, credentialInputName(field.name))]));
}

/** The inputs generated from a provider's `credentialFields`, with a link to where the provider issues them. */
export function CredentialFields({ provider, autoFocus = false }: { provider: Provider; autoFocus?: boolean }) {
  return (
    <>
      {provider.docsUrl ? (
        <p className="text-sm">
          <a href={provider.docsUrl} target="_blank" rel="noreferrer" className={linkStyles}>
            Where to find these in {provider.name}
            <span className="sr-only"> (opens in a new tab)</span>
          </a>
        </p>
      ) : null}
      {provider.credentialFields.map((field, index) => (
        <TextField
          key={field.name}
          label={field.label}
          help={field.help}
          name={credentialInputName(field.name)}
          type={field.secret ? "password" : "text"}
          placeholder={field.placeholder}
          required
          maxLength={4096}
          autoFocus={autoFocus && index === 0}
          // Keeps the browser from filling in the user's EdgeDock password or remembering provider secrets.
          autoComplete="off"
          autoCapitalize="none"
          spellCheck={false}
        />
      ))}
    </>
  );
}

/** The optional API base URL, offered only where the installation allows custom base URLs. */
export function BaseUrlField({ provider, defaultValue }: { provider: Provider; defaultValue?: string }) {
  return (
    <TextField
      label="Base URL (optional)"
      name="baseUrl"
      type="url"
      inputMode="url"
      maxLength={2048}
      defaultValue={defaultValue}
      placeholder={provider.defaultBaseUrl}
      help={`Only for a compatible API at another address. Leave empty to use ${provider.defaultBaseUrl}.`}
    />
  );
}
