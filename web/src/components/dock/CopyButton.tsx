import { useEffect, useState } from "react";
import { toast } from "sonner";
import { buttonStyles } from "../styles";

const COPIED_FOR_MS = 2000;

/** Copies `text` to the clipboard and says so for a moment, on the button and to screen readers. */
export function CopyButton({ text, label }: { text: string; label: string }) {
  const [copied, setCopied] = useState(false);

  useEffect(() => {
    if (!copied) return;
    const timer = setTimeout(() => setCopied(false), COPIED_FOR_MS);
    return () => clearTimeout(timer);
  }, [copied]);

  async function copy() {
    try {
      await navigator.clipboard.writeText(text);
      setCopied(true);
    } catch {
      // Clipboard access needs a secure context and the user's permission; the text is on screen to select.
      toast.error(`Could not copy the ${label}`, { description: "Select the text and copy it yourself." });
    }
  }

  return (
    <>
      <button type="button" className={`${buttonStyles.secondary} shrink-0 px-2.5 py-1.5 text-xs`} onClick={() => void copy()}>
        {copied ? "Copied" : "Copy"}
        <span className="sr-only"> {label}</span>
      </button>
      <span role="status" className="sr-only">
        {copied ? `Copied the ${label} to the clipboard` : ""}
      </span>
    </>
  );
}
