import * as Dialog from "@radix-ui/react-dialog";
import { useRef } from "react";
import type { ReactNode } from "react";

const overlayStyles = "fixed inset-0 z-40 bg-slate-950/50";
const surfaceStyles = "z-50 overflow-y-auto border-slate-200 bg-white text-left text-slate-900 shadow-xl wrap-anywhere focus:outline-none dark:border-slate-800 dark:bg-slate-900 dark:text-slate-100";

const LAYOUTS = {
  /** A dialog in the middle of the screen: confirmations, short forms. */
  center: `fixed top-1/2 left-1/2 w-[min(28rem,calc(100%-2rem))] max-h-[calc(100dvh-2rem)] -translate-x-1/2 -translate-y-1/2 rounded-lg border p-6 ${surfaceStyles}`,
  /** A panel along the right edge, full height: details of a row, next to the list it came from. */
  drawer: `fixed inset-y-0 right-0 h-dvh w-full max-w-lg border-l ${surfaceStyles}`,
} as const;

interface ModalProps {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  layout?: keyof typeof LAYOUTS;
  /** While something runs that the user must see the end of, Escape and clicks outside do not close it. */
  locked?: boolean;
  /** The id of the element that describes the dialog, when it has one; Radix otherwise expects a Description. */
  describedBy?: string;
  /** Must contain a `ModalTitle`: the dialog is named by it. */
  children: ReactNode;
}

/**
 * Every modal of the dashboard, on Radix Dialog: focus moves into it and stays there, Escape and a click on the
 * backdrop close it, the page behind is hidden from assistive technology, and focus returns where it was.
 */
export function Modal({ open, onOpenChange, layout = "center", locked = false, describedBy, children }: ModalProps) {
  const keepOpen = (event: Event) => {
    if (locked) event.preventDefault();
  };
  // Radix returns focus to a Dialog.Trigger; these dialogs open from rows and buttons of their own, so the
  // element focused at opening is remembered and focused again at closing (if it is still on the page).
  const returnFocusTo = useRef<Element | null>(null);
  const wasOpen = useRef(false);
  // Read while rendering the opening, before a field inside takes focus with `autoFocus` during the commit.
  if (open && !wasOpen.current) returnFocusTo.current = document.activeElement;
  wasOpen.current = open;
  return (
    <Dialog.Root open={open} onOpenChange={onOpenChange}>
      <Dialog.Portal>
        <Dialog.Overlay className={overlayStyles} />
        <Dialog.Content
          className={LAYOUTS[layout]}
          aria-describedby={describedBy}
          onEscapeKeyDown={keepOpen}
          onInteractOutside={keepOpen}
          onCloseAutoFocus={(event) => {
            const target = returnFocusTo.current;
            if (target instanceof HTMLElement && target.isConnected) {
              event.preventDefault();
              target.focus();
            }
          }}
        >
          {children}
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}

/** The dialog's name. Give it no `id`: Radix links it to the dialog by an id of its own. */
export const ModalTitle = Dialog.Title;
export const ModalClose = Dialog.Close;
