DROP INDEX `resources_org_dns_domain_idx`;--> statement-breakpoint
ALTER TABLE `resources` ADD `parent_external_id` text;--> statement-breakpoint
CREATE INDEX `resources_dock_parent_idx` ON `resources` (`dock_id`,`parent_external_id`,`kind`,"name" COLLATE NOCASE,`id`) WHERE "resources"."parent_external_id" IS NOT NULL;--> statement-breakpoint
PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_dock_kind_listings` (
	`dock_id` text NOT NULL,
	`kind` text NOT NULL,
	`listed_at` integer,
	`count` integer,
	`outcome` text DEFAULT 'listed' NOT NULL,
	`reason` text,
	`missing_scope` text,
	`attempted_at` integer,
	PRIMARY KEY(`dock_id`, `kind`),
	FOREIGN KEY (`dock_id`) REFERENCES `docks`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
INSERT INTO `__new_dock_kind_listings`("dock_id", "kind", "listed_at", "count", "outcome", "attempted_at") SELECT "dock_id", "kind", "listed_at", "count", 'listed', "listed_at" FROM `dock_kind_listings`;--> statement-breakpoint
DROP TABLE `dock_kind_listings`;--> statement-breakpoint
ALTER TABLE `__new_dock_kind_listings` RENAME TO `dock_kind_listings`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
ALTER TABLE `docks` ADD `scope` text;--> statement-breakpoint
ALTER TABLE `sync_runs` ADD `kinds` text;--> statement-breakpoint
-- DNS records name their domain; the domain's external id is its name (DigitalOcean, the only provider with records so far).
UPDATE `resources` SET `parent_external_id` = lower(`attributes` ->> '$.domain') WHERE `kind` = 'dns_record';
--> statement-breakpoint
-- A deployment's parent is its repository (GitHub), whose external id is the repository id.
UPDATE `resources` SET `parent_external_id` = (SELECT `r`.`external_id` FROM `resources` AS `r` WHERE `r`.`dock_id` = `resources`.`dock_id` AND `r`.`kind` = 'repository' AND (`r`.`attributes` ->> '$.fullName') = (`resources`.`attributes` ->> '$.repository')) WHERE `kind` = 'deployment';
