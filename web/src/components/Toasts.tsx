import { Toaster } from "sonner";
import { useTheme } from "../lib/theme";

/** Where error and outcome messages appear; sonner announces them through a polite live region. */
export function Toasts() {
  const { resolved } = useTheme();
  return <Toaster theme={resolved} position="bottom-right" richColors closeButton duration={6000} />;
}
