-- 0001's trigger read OLD.at, but the column is created_at: every DELETE failed with "record
-- old has no field at" instead of the append-only refusal, and the 5-year purge could never run.
CREATE OR REPLACE FUNCTION refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- Audit trails must be kept 5 years; older entries may be purged, nothing else may change.
  IF TG_TABLE_NAME = 'audit_log' AND TG_OP = 'DELETE' THEN
    IF OLD.created_at < now() - interval '5 years' THEN
      RETURN OLD;
    END IF;
  END IF;
  RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP
    USING ERRCODE = 'insufficient_privilege';
END $$;
