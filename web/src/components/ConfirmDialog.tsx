import { useEffect, useId, useRef } from "react";
import type { ReactNode } from "react";
import { ErrorAlert } from "./ErrorAlert";
import { buttonStyles } from "./styles";

interface ConfirmDialogProps {
  open: boolean;
  title: string;
  children: ReactNode;
  confirmLabel: string;
  /** Shown on the confirm button while the action runs. */
  pendingLabel: string;
  pending: boolean;
  /** The failed attempt, shown inside the dialog so the user can retry or cancel. */
  error: unknown;
  onConfirm: () => void;
  onClose: () => void;
}

/** Asks before something that cannot be undone, in a native modal dialog (focus trap and Escape for free). */
export function ConfirmDialog({ open, title, children, confirmLabel, pendingLabel, pending, error, onConfirm, onClose }: ConfirmDialogProps) {
  const dialogRef = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const bodyId = useId();

  useEffect(() => {
    const dialog = dialogRef.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);

  return (
    <dialog
      ref={dialogRef}
      aria-labelledby={titleId}
      aria-describedby={bodyId}
      onClose={onClose}
      // While the request runs, Escape would hide the outcome from the user.
      onCancel={(event) => {
        if (pending) event.preventDefault();
      }}
      className="m-auto w-[min(28rem,calc(100%-2rem))] rounded-lg text-left wrap-anywhere border border-slate-200 bg-white p-6 text-slate-900 shadow-xl backdrop:bg-slate-950/50 dark:border-slate-800 dark:bg-slate-900 dark:text-slate-100"
    >
      <h2 id={titleId} className="text-lg font-semibold">
        {title}
      </h2>
      <div id={bodyId} className="mt-2 space-y-2 text-sm text-slate-600 dark:text-slate-400">
        {children}
      </div>
      {error ? (
        <div className="mt-4">
          <ErrorAlert error={error} />
        </div>
      ) : null}
      <div className="mt-6 flex flex-wrap justify-end gap-2">
        {/* First in the markup, so it gets the initial focus: a stray Enter cancels rather than confirms. */}
        <button type="button" className={buttonStyles.secondary} disabled={pending} onClick={onClose}>
          Cancel
        </button>
        <button type="button" className={buttonStyles.danger} disabled={pending} onClick={onConfirm}>
          {pending ? pendingLabel : confirmLabel}
        </button>
      </div>
    </dialog>
  );
}
