CREATE TABLE "deployment_logs" (
	"id" text PRIMARY KEY NOT NULL,
	"tenant_id" text NOT NULL,
	"deployment_id" text NOT NULL,
	"level" text NOT NULL,
	"message" text NOT NULL,
	"market_time" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "deployment_logs" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "order_intents" (
	"id" text PRIMARY KEY NOT NULL,
	"tenant_id" text NOT NULL,
	"deployment_id" text NOT NULL,
	"intent" jsonb NOT NULL,
	"market_time" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "order_intents" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "sessions" ADD COLUMN "kind" text DEFAULT 'browser' NOT NULL;--> statement-breakpoint
ALTER TABLE "sessions" ADD COLUMN "mfa" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "backtest_jobs" ADD COLUMN "cancel_requested" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "plugin_versions" ADD COLUMN "sdk_version" text;--> statement-breakpoint
ALTER TABLE "plugin_versions" ADD COLUMN "diagnostics" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "failed_login_count" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "locked_until" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "deployment_logs" ADD CONSTRAINT "deployment_logs_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deployment_logs" ADD CONSTRAINT "deployment_logs_deployment_id_deployments_id_fk" FOREIGN KEY ("deployment_id") REFERENCES "public"."deployments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_intents" ADD CONSTRAINT "order_intents_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_intents" ADD CONSTRAINT "order_intents_deployment_id_deployments_id_fk" FOREIGN KEY ("deployment_id") REFERENCES "public"."deployments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "deployment_logs_deployment_idx" ON "deployment_logs" USING btree ("deployment_id","created_at");--> statement-breakpoint
CREATE INDEX "order_intents_deployment_idx" ON "order_intents" USING btree ("deployment_id","created_at");--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "deployment_logs" AS PERMISSIVE FOR ALL TO "vm_app" USING ("deployment_logs"."tenant_id" = nullif(current_setting('app.tenant_id', true), '')) WITH CHECK ("deployment_logs"."tenant_id" = nullif(current_setting('app.tenant_id', true), ''));--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "order_intents" AS PERMISSIVE FOR ALL TO "vm_app" USING ("order_intents"."tenant_id" = nullif(current_setting('app.tenant_id', true), '')) WITH CHECK ("order_intents"."tenant_id" = nullif(current_setting('app.tenant_id', true), ''));--> statement-breakpoint
-- Hand-added: privileges for the new tables, and by default for every later table, so a new
-- table is never silently out of the application role's reach (RLS still decides the rows).
GRANT SELECT, INSERT, UPDATE, DELETE ON order_intents, deployment_logs TO vm_app;--> statement-breakpoint
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO vm_app;--> statement-breakpoint
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO vm_app;
