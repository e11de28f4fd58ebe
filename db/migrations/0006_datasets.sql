CREATE TABLE "datasets" (
	"id" text PRIMARY KEY NOT NULL,
	"tenant_id" text NOT NULL,
	"user_id" text,
	"name" text NOT NULL,
	"symbol" text NOT NULL,
	"timeframe" text NOT NULL,
	"source" text DEFAULT 'csv' NOT NULL,
	"rows" integer NOT NULL,
	"first_bar" timestamp with time zone NOT NULL,
	"last_bar" timestamp with time zone NOT NULL,
	"csv" text NOT NULL,
	"sha256" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "datasets" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "datasets" ADD CONSTRAINT "datasets_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "datasets" ADD CONSTRAINT "datasets_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "datasets_tenant_name_idx" ON "datasets" USING btree ("tenant_id","name");--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "datasets" AS PERMISSIVE FOR ALL TO "vm_app" USING ("datasets"."tenant_id" = nullif(current_setting('app.tenant_id', true), '')) WITH CHECK ("datasets"."tenant_id" = nullif(current_setting('app.tenant_id', true), ''));--> statement-breakpoint
-- Imported bars are immutable: the application role reads, adds and deletes them, never edits.
REVOKE UPDATE ON "datasets" FROM vm_app;--> statement-breakpoint
GRANT SELECT, INSERT, DELETE ON "datasets" TO vm_app;