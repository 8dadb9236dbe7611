CREATE TABLE `dock_kind_listings` (
	`dock_id` text NOT NULL,
	`kind` text NOT NULL,
	`listed_at` integer NOT NULL,
	`count` integer NOT NULL,
	PRIMARY KEY(`dock_id`, `kind`),
	FOREIGN KEY (`dock_id`) REFERENCES `docks`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `resource_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`organization_id` text NOT NULL,
	`seq` integer NOT NULL,
	`resource_id` text NOT NULL,
	`dock_id` text NOT NULL,
	`kind` text NOT NULL,
	`name` text NOT NULL,
	`change` text NOT NULL,
	`diff` text NOT NULL,
	`at` integer NOT NULL,
	FOREIGN KEY (`organization_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `resource_events_org_seq_uq` ON `resource_events` (`organization_id`,`seq`);--> statement-breakpoint
CREATE INDEX `resource_events_resource_idx` ON `resource_events` (`resource_id`,`seq`);--> statement-breakpoint
CREATE INDEX `resource_events_dock_idx` ON `resource_events` (`dock_id`,`seq`);--> statement-breakpoint
CREATE TABLE `resources` (
	`id` text PRIMARY KEY NOT NULL,
	`organization_id` text NOT NULL,
	`dock_id` text NOT NULL,
	`provider` text NOT NULL,
	`kind` text NOT NULL,
	`external_id` text NOT NULL,
	`name` text NOT NULL,
	`status` text NOT NULL,
	`provider_status` text,
	`region` text,
	`url` text,
	`provider_created_at` text,
	`monthly_cost_cents` integer,
	`currency` text,
	`attributes` text NOT NULL,
	`first_seen_at` integer NOT NULL,
	`last_seen_at` integer NOT NULL,
	`deleted_at` integer,
	`content_hash` text NOT NULL,
	FOREIGN KEY (`organization_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`dock_id`) REFERENCES `docks`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `resources_dock_kind_external_uq` ON `resources` (`dock_id`,`kind`,`external_id`);--> statement-breakpoint
CREATE INDEX `resources_org_kind_idx` ON `resources` (`organization_id`,`kind`,`id`);--> statement-breakpoint
CREATE INDEX `resources_org_idx` ON `resources` (`organization_id`,`id`);--> statement-breakpoint
CREATE INDEX `resources_org_status_idx` ON `resources` (`organization_id`,`status`,`id`);--> statement-breakpoint
CREATE INDEX `resources_org_name_idx` ON `resources` (`organization_id`,`name`);--> statement-breakpoint
CREATE TABLE `sync_runs` (
	`id` text PRIMARY KEY NOT NULL,
	`organization_id` text NOT NULL,
	`dock_id` text NOT NULL,
	`trigger` text NOT NULL,
	`status` text NOT NULL,
	`started_at` integer NOT NULL,
	`finished_at` integer,
	`pages` integer DEFAULT 0 NOT NULL,
	`requests` integer DEFAULT 0 NOT NULL,
	`seen` integer DEFAULT 0 NOT NULL,
	`created` integer DEFAULT 0 NOT NULL,
	`updated` integer DEFAULT 0 NOT NULL,
	`unchanged` integer DEFAULT 0 NOT NULL,
	`deleted` integer DEFAULT 0 NOT NULL,
	`error` text,
	FOREIGN KEY (`organization_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`dock_id`) REFERENCES `docks`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `sync_runs_dock_idx` ON `sync_runs` (`dock_id`,`id`);