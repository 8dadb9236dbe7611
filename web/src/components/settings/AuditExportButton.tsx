import { useMutation } from "@tanstack/react-query";
import { toast } from "sonner";
import { fetchAuditExport } from "../../api/settings-queries";
import type { AuditSearch } from "../../api/settings-queries";
import { formatCount } from "../../lib/format";
import { buttonStyles } from "../styles";

/** Hands a downloaded file to the browser as if it had been a link with `download`. */
function saveFile(blob: Blob, filename: string) {
  const url = URL.createObjectURL(blob);
  const link = document.createElement("a");
  link.href = url;
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  // The browser reads the object URL after the click returns; freeing it at once can cancel the download.
  window.setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Downloads the log as CSV with the filters on screen. */
export function AuditExportButton({ orgId, filters, filtered }: { orgId: string; filters: AuditSearch; filtered: boolean }) {
  const exportCsv = useMutation({
    mutationFn: () => fetchAuditExport(orgId, filters),
    meta: { errorTitle: "Could not export the audit log" },
    onSuccess: ({ blob, filename, truncated, rowLimit }) => {
      saveFile(blob, filename);
      if (truncated) {
        toast.warning("Only the newest entries were exported", {
          description: `An export holds at most ${rowLimit ? formatCount(rowLimit, "entry", "entries") : "a limited number of entries"}. Narrow the dates to export older ones.`,
        });
      } else {
        toast.success(`Downloaded ${filename}`);
      }
    },
  });
  return (
    <button
      type="button"
      className={buttonStyles.secondary}
      disabled={exportCsv.isPending}
      onClick={() => exportCsv.mutate()}
      title={filtered ? "Download the entries matching the filters as CSV" : "Download the whole audit log as CSV"}
    >
      {exportCsv.isPending ? "Exporting…" : filtered ? "Export filtered CSV" : "Export CSV"}
    </button>
  );
}
