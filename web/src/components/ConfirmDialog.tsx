import { useId } from "react";
import type { ReactNode } from "react";
import { ErrorAlert } from "./ErrorAlert";
import { Modal, ModalTitle } from "./Modal";
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

/** Asks before something that cannot be undone. */
export function ConfirmDialog({ open, title, children, confirmLabel, pendingLabel, pending, error, onConfirm, onClose }: ConfirmDialogProps) {
  const bodyId = useId();
  return (
    // While the request runs, closing would hide its outcome from the user.
    <Modal open={open} onOpenChange={(next) => !next && onClose()} locked={pending} describedBy={bodyId}>
      <ModalTitle className="text-lg font-semibold">{title}</ModalTitle>
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
    </Modal>
  );
}
