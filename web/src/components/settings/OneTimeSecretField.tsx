import { useEffect, useId, useRef, useState } from "react";
import { buttonStyles, inputStyles, labelStyles } from "../styles";

type CopyState = "idle" | "copied" | "failed";

interface OneTimeSecretFieldProps {
  label: string;
  value: string;
  /** "Copy link", "Copy token". */
  copyLabel: string;
  /** What the status line calls the value once copied: "Link", "Token". */
  noun: string;
  /** The id of the text that warns this is the only showing. */
  describedBy: string;
  monospace?: boolean;
}

/**
 * A value the API returns once (an invitation link, a token): read-only, focused and selected on arrival so the
 * keyboard can copy it at once, with a copy button that falls back to the selection when the clipboard is refused.
 */
export function OneTimeSecretField({ label, value, copyLabel, noun, describedBy, monospace = true }: OneTimeSecretFieldProps) {
  const id = useId();
  const inputRef = useRef<HTMLInputElement>(null);
  const [copyState, setCopyState] = useState<CopyState>("idle");

  useEffect(() => {
    inputRef.current?.focus();
    inputRef.current?.select();
  }, []);

  async function copy() {
    try {
      await navigator.clipboard.writeText(value);
      setCopyState("copied");
    } catch {
      // Clipboard access can be refused (permissions, insecure origin); the selected text is the fallback.
      inputRef.current?.select();
      setCopyState("failed");
    }
  }

  return (
    <div className="space-y-1.5">
      <label htmlFor={id} className={labelStyles}>
        {label}
      </label>
      <div className="flex flex-col gap-2 sm:flex-row">
        <input
          ref={inputRef}
          id={id}
          type="text"
          readOnly
          value={value}
          spellCheck={false}
          aria-describedby={describedBy}
          onFocus={(event) => event.currentTarget.select()}
          className={`${inputStyles} ${monospace ? "font-mono" : ""}`}
        />
        <button type="button" className={buttonStyles.primary} onClick={() => void copy()}>
          {copyState === "copied" ? "Copied" : copyLabel}
        </button>
      </div>
      <p role="status" className="text-sm text-slate-700 dark:text-slate-300">
        {copyState === "copied"
          ? `${noun} copied to the clipboard.`
          : copyState === "failed"
            ? `Copying was blocked by the browser. The ${noun.toLowerCase()} is selected: copy it with Ctrl+C or ⌘C.`
            : ""}
      </p>
    </div>
  );
}
