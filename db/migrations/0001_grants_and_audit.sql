-- drizzle-kit generates RLS policies but no GRANTs (see TRAPS.md): the application role gets
-- table privileges here, and RLS decides which rows it may touch.
GRANT USAGE ON SCHEMA public TO vm_app;--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO vm_app;--> statement-breakpoint
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO vm_app;--> statement-breakpoint
-- Webhook idempotency rows are written by the system, never by a tenant.
REVOKE ALL ON stripe_events FROM vm_app;--> statement-breakpoint
-- Plugin versions are immutable once stored; the audit log is append-only.
REVOKE UPDATE ON plugin_versions FROM vm_app;--> statement-breakpoint
REVOKE UPDATE, DELETE, TRUNCATE ON audit_log FROM vm_app;--> statement-breakpoint
-- The connecting role must be able to `SET LOCAL ROLE vm_app` inside withTenant().
DO $$ BEGIN
  IF NOT pg_has_role(current_user, 'vm_app', 'MEMBER') THEN
    EXECUTE format('GRANT vm_app TO %I', current_user);
  END IF;
END $$;--> statement-breakpoint
CREATE FUNCTION refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- Audit trails must be kept 5 years; older entries may be purged, nothing else may change.
  IF TG_TABLE_NAME = 'audit_log' AND TG_OP = 'DELETE' THEN
    IF OLD.at < now() - interval '5 years' THEN
      RETURN OLD;
    END IF;
  END IF;
  RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP
    USING ERRCODE = 'insufficient_privilege';
END $$;--> statement-breakpoint
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION refuse_change();--> statement-breakpoint
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();--> statement-breakpoint
CREATE TRIGGER plugin_versions_immutable BEFORE UPDATE ON plugin_versions
  FOR EACH ROW EXECUTE FUNCTION refuse_change();
