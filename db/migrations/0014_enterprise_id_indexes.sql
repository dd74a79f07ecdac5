-- Tenancy (ADR 17). A request key belongs to the enterprise of the person who made it: existing keys
-- take their user's; a key of someone with no enterprise (no action makes one) can guard nothing and goes.
ALTER TABLE "request_keys" ADD COLUMN "enterprise_id" uuid;--> statement-breakpoint
UPDATE "request_keys" k SET "enterprise_id" = u."enterprise_id" FROM "users" u WHERE u."id" = k."user_id";--> statement-breakpoint
DELETE FROM "request_keys" WHERE "enterprise_id" IS NULL;--> statement-breakpoint
ALTER TABLE "request_keys" ALTER COLUMN "enterprise_id" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "request_keys" DROP CONSTRAINT "request_keys_user_id_key_pk";--> statement-breakpoint
ALTER TABLE "request_keys" ADD CONSTRAINT "request_keys_enterprise_id_user_id_key_pk" PRIMARY KEY("enterprise_id","user_id","key");--> statement-breakpoint
ALTER TABLE "request_keys" ADD CONSTRAINT "request_keys_enterprise_id_account_nodes_id_fk" FOREIGN KEY ("enterprise_id") REFERENCES "public"."account_nodes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
-- Every tenant table gets an index leading with enterprise_id (tests/integration/tenancy.test.ts).
CREATE INDEX "mfa_recovery_codes_enterprise_idx" ON "mfa_recovery_codes" USING btree ("enterprise_id","user_id");--> statement-breakpoint
CREATE INDEX "scim_group_members_enterprise_idx" ON "scim_group_members" USING btree ("enterprise_id","group_id");--> statement-breakpoint
CREATE INDEX "user_mfa_enterprise_idx" ON "user_mfa" USING btree ("enterprise_id","user_id");--> statement-breakpoint
CREATE INDEX "contract_price_items_enterprise_idx" ON "contract_price_items" USING btree ("enterprise_id","contract_id");--> statement-breakpoint
CREATE INDEX "contract_volume_bands_enterprise_idx" ON "contract_volume_bands" USING btree ("enterprise_id","price_item_id");--> statement-breakpoint
CREATE INDEX "order_events_enterprise_idx" ON "order_events" USING btree ("enterprise_id","order_id","at");--> statement-breakpoint
CREATE INDEX "order_lines_enterprise_idx" ON "order_lines" USING btree ("enterprise_id","order_id");--> statement-breakpoint
CREATE INDEX "approval_delegations_enterprise_idx" ON "approval_delegations" USING btree ("enterprise_id","approver_id","ends_at");--> statement-breakpoint
CREATE INDEX "approval_policies_enterprise_idx" ON "approval_policies" USING btree ("enterprise_id","currency");--> statement-breakpoint
CREATE INDEX "bill_lines_enterprise_idx" ON "bill_lines" USING btree ("enterprise_id","bill_id","sub_account_id");--> statement-breakpoint
CREATE INDEX "bill_payments_enterprise_idx" ON "bill_payments" USING btree ("enterprise_id","bill_id");--> statement-breakpoint
CREATE INDEX "bill_splits_enterprise_idx" ON "bill_splits" USING btree ("enterprise_id","bill_id","dimension");--> statement-breakpoint
CREATE INDEX "trouble_tickets_enterprise_idx" ON "trouble_tickets" USING btree ("enterprise_id","node_id");--> statement-breakpoint
CREATE INDEX "user_sessions_enterprise_idx" ON "user_sessions" USING btree ("enterprise_id","user_id","ended_at");--> statement-breakpoint
CREATE INDEX "notifications_enterprise_idx" ON "notifications" USING btree ("enterprise_id","user_id","created_at");