CREATE TABLE `webhook_refusals` (
	`dock_id` text NOT NULL,
	`minute` integer NOT NULL,
	`count` integer NOT NULL,
	`audit_id` integer,
	PRIMARY KEY(`dock_id`, `minute`),
	FOREIGN KEY (`dock_id`) REFERENCES `docks`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `webhook_refusals_minute_idx` ON `webhook_refusals` (`minute`);