ALTER TABLE "impersonation_sessions" ADD COLUMN "end_reason" text;--> statement-breakpoint
ALTER TABLE "support_access_grants" ADD COLUMN "support_enabled" boolean DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE "support_access_grants" ADD COLUMN "write_until" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "user_sessions" ADD COLUMN "impersonation_id" uuid;--> statement-breakpoint
ALTER TABLE "user_sessions" ADD CONSTRAINT "user_sessions_impersonation_id_impersonation_sessions_id_fk" FOREIGN KEY ("impersonation_id") REFERENCES "public"."impersonation_sessions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "impersonation_enterprise_idx" ON "impersonation_sessions" USING btree ("enterprise_id","started_at");--> statement-breakpoint
CREATE UNIQUE INDEX "impersonation_one_open_idx" ON "impersonation_sessions" USING btree ("account_manager_id") WHERE ended_at is null;