import { useState } from "react";
import { CreateOrgForm } from "./CreateOrgForm";
import { Modal, ModalTitle } from "./Modal";
import { buttonStyles } from "./styles";

/** "New organization" from the top bar. */
export function NewOrgDialog() {
  const [open, setOpen] = useState(false);
  // Remounting the form on every opening clears the previous attempt's input and errors.
  const [openCount, setOpenCount] = useState(0);
  const close = () => setOpen(false);

  return (
    <>
      <button
        type="button"
        className={buttonStyles.quiet}
        onClick={() => {
          setOpenCount((n) => n + 1);
          setOpen(true);
        }}
      >
        New organization
      </button>
      <Modal open={open} onOpenChange={setOpen}>
        <ModalTitle className="mb-4 text-lg font-semibold">New organization</ModalTitle>
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
      </Modal>
    </>
  );
}
