DROP INDEX `resources_org_status_idx`;--> statement-breakpoint
DROP INDEX `resources_org_name_idx`;--> statement-breakpoint
CREATE INDEX `resources_org_kind_name_idx` ON `resources` (`organization_id`,`kind`,"name" COLLATE NOCASE,`id`);--> statement-breakpoint
CREATE INDEX `resources_org_kind_status_idx` ON `resources` (`organization_id`,`kind`,`status`,`id`);--> statement-breakpoint
CREATE INDEX `resources_org_kind_region_idx` ON `resources` (`organization_id`,`kind`,`region`,`id`);--> statement-breakpoint
CREATE INDEX `resources_org_kind_cost_idx` ON `resources` (`organization_id`,`kind`,`monthly_cost_cents`,`id`);--> statement-breakpoint
CREATE INDEX `resources_org_kind_created_idx` ON `resources` (`organization_id`,`kind`,`provider_created_at`,`id`);--> statement-breakpoint
CREATE INDEX `resources_org_kind_updated_idx` ON `resources` (`organization_id`,`kind`,`last_seen_at`,`id`);--> statement-breakpoint
CREATE INDEX `resources_org_dns_domain_idx` ON `resources` (`organization_id`,lower("attributes" ->> '$.domain'),`id`) WHERE "resources"."kind" = 'dns_record';