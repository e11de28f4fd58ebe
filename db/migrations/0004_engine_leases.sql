ALTER TABLE "deployments" ADD COLUMN "state" jsonb;--> statement-breakpoint
ALTER TABLE "deployments" ADD COLUMN "engine_id" text;--> statement-breakpoint
ALTER TABLE "deployments" ADD COLUMN "lease_until" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "scans" ADD COLUMN "error" text;--> statement-breakpoint
ALTER TABLE "scans" ADD COLUMN "last_run_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "scans" ADD COLUMN "engine_id" text;--> statement-breakpoint
ALTER TABLE "scans" ADD COLUMN "lease_until" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "deployments_status_lease_idx" ON "deployments" USING btree ("status","lease_until");