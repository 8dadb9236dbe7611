import { useId, useRef, useState } from "react";
import { CreateOrgForm } from "./CreateOrgForm";
import { buttonStyles } from "./styles";

/** "New organization" from the top bar, in a native modal dialog (focus trap and Escape for free). */
export function NewOrgDialog() {
  const dialogRef = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  // Remounting the form on every opening clears the previous attempt's input and errors.
  const [openCount, setOpenCount] = useState(0);

  const close = () => dialogRef.current?.close();

  return (
    <>
      <button
        type="button"
        className={buttonStyles.quiet}
        onClick={() => {
          setOpenCount((n) => n + 1);
          dialogRef.current?.showModal();
        }}
      >
        New organization
      </button>
      <dialog
        ref={dialogRef}
        aria-labelledby={titleId}
        className="m-auto w-[min(28rem,calc(100%-2rem))] rounded-lg border border-slate-200 bg-white p-6 text-slate-900 shadow-xl backdrop:bg-slate-950/50 dark:border-slate-800 dark:bg-slate-900 dark:text-slate-100"
      >
        <h2 id={titleId} className="mb-4 text-lg font-semibold">
          New organization
        </h2>
        <CreateOrgForm
          key={openCount}
          autoFocus
          onCreated={close}
          actions={
            <button type="button" className={buttonStyles.secondary} onClick={close}>
              Cancel
            </button>
          }
        />
      </dialog>
    </>
  );
}
