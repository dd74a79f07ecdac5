ALTER TABLE "users" ADD COLUMN "updated_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "scim_deleted_at" timestamp with time zone;--> statement-breakpoint
-- The trigger of 0012 now also stamps when a field SCIM shows changed (SCIM meta.lastModified).
CREATE OR REPLACE FUNCTION users_bump_version() RETURNS trigger AS $$
BEGIN
  IF (NEW.email, NEW.name, NEW.status, NEW.external_id, NEW.locale, NEW.time_zone, NEW.unit_node_id)
     IS DISTINCT FROM (OLD.email, OLD.name, OLD.status, OLD.external_id, OLD.locale, OLD.time_zone, OLD.unit_node_id) THEN
    NEW.version := OLD.version + 1;
    NEW.updated_at := now();
  END IF;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;
