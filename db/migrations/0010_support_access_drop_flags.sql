ALTER TABLE "impersonation_sessions" DROP COLUMN "write_access";--> statement-breakpoint
ALTER TABLE "support_access_grants" DROP COLUMN "write_allowed";