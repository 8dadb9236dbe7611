DROP INDEX `resources_org_kind_idx`;--> statement-breakpoint
DROP INDEX `resources_org_idx`;