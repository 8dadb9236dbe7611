import type { Area, Level } from "../../../../shared/permissions";

/** What each area of a role covers, in the words of what a member can then see and do. */
export const AREA_INFO: Record<Area, { label: string; description: string }> = {
  organization: {
    label: "Organization",
    description: "The organization's details and one's own API tokens. Full: rename the organization.",
  },
  members: {
    label: "Members and roles",
    description: "Members, invitations and roles. Full: invite, change roles, remove members, edit roles, see everyone's API tokens.",
  },
  docks: {
    label: "Docks",
    description: "Provider connections and their sync runs. Full: connect, edit, sync and delete docks, and manage their webhooks.",
  },
  resources: {
    label: "Resources",
    description: "Synced infrastructure (servers, domains, databases and the rest), its change history and the live feed.",
  },
  projects: {
    label: "Projects",
    description: "Projects that group resources across providers.",
  },
  monitoring: {
    label: "Monitoring",
    description: "Monitors and issues from uptime and error-tracking providers.",
  },
  operations: {
    label: "Operations",
    description: "Acting on running resources through EdgeDock, such as restarting them.",
  },
  provisioning: {
    label: "Provisioning",
    description: "Creating and destroying resources at providers through EdgeDock.",
  },
  audit: {
    label: "Audit log",
    description: "The record of who did what, including its CSV export.",
  },
};

export const LEVEL_INFO: Record<Level, { label: string; description: string }> = {
  none: { label: "None", description: "No access" },
  read: { label: "Read", description: "Can see" },
  full: { label: "Full", description: "Can see and change" },
};
