CREATE TABLE `webhook_deliveries` (
	`dock_id` text NOT NULL,
	`delivery_id` text NOT NULL,
	`event` text NOT NULL,
	`received_at` integer NOT NULL,
	PRIMARY KEY(`dock_id`, `delivery_id`),
	FOREIGN KEY (`dock_id`) REFERENCES `docks`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `webhook_deliveries_received_idx` ON `webhook_deliveries` (`received_at`);--> statement-breakpoint
ALTER TABLE `docks` ADD `webhook_secret_ciphertext` text;--> statement-breakpoint
ALTER TABLE `docks` ADD `webhook_secret_iv` text;--> statement-breakpoint
ALTER TABLE `docks` ADD `webhook_secret_key_id` text;