CREATE TYPE "public"."dispute_status" AS ENUM('open', 'credited', 'rejected');--> statement-breakpoint
CREATE TABLE "bill_disputes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"enterprise_id" uuid NOT NULL,
	"bill_id" uuid NOT NULL,
	"bill_line_id" uuid NOT NULL,
	"billing_account_id" uuid NOT NULL,
	"raised_by_id" uuid NOT NULL,
	"reason" text NOT NULL,
	"amount_minor" bigint NOT NULL,
	"tax_minor" bigint NOT NULL,
	"status" "dispute_status" DEFAULT 'open' NOT NULL,
	"resolution" text,
	"resolved_by_id" uuid,
	"resolved_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "bill_payments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"enterprise_id" uuid NOT NULL,
	"bill_id" uuid NOT NULL,
	"amount_minor" bigint NOT NULL,
	"received_on" date NOT NULL,
	"reference" text,
	"recorded_by_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "bill_splits" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"enterprise_id" uuid NOT NULL,
	"bill_id" uuid NOT NULL,
	"dimension" text NOT NULL,
	"key_id" uuid,
	"amount_minor" bigint NOT NULL,
	"tax_minor" bigint NOT NULL,
	"lines" integer NOT NULL
);
--> statement-breakpoint
DROP INDEX "bill_lines_bill_idx";--> statement-breakpoint
DROP INDEX "bills_enterprise_idx";--> statement-breakpoint
ALTER TABLE "bill_lines" ADD COLUMN "dispute_id" uuid;--> statement-breakpoint
ALTER TABLE "bills" ADD COLUMN "paid_minor" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "bills" ADD COLUMN "payment_terms" "payment_terms" DEFAULT 'net_30' NOT NULL;--> statement-breakpoint
ALTER TABLE "bill_disputes" ADD CONSTRAINT "bill_disputes_enterprise_id_account_nodes_id_fk" FOREIGN KEY ("enterprise_id") REFERENCES "public"."account_nodes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bill_disputes" ADD CONSTRAINT "bill_disputes_bill_id_bills_id_fk" FOREIGN KEY ("bill_id") REFERENCES "public"."bills"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bill_disputes" ADD CONSTRAINT "bill_disputes_bill_line_id_bill_lines_id_fk" FOREIGN KEY ("bill_line_id") REFERENCES "public"."bill_lines"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bill_disputes" ADD CONSTRAINT "bill_disputes_billing_account_id_account_nodes_id_fk" FOREIGN KEY ("billing_account_id") REFERENCES "public"."account_nodes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bill_disputes" ADD CONSTRAINT "bill_disputes_raised_by_id_users_id_fk" FOREIGN KEY ("raised_by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bill_disputes" ADD CONSTRAINT "bill_disputes_resolved_by_id_users_id_fk" FOREIGN KEY ("resolved_by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bill_payments" ADD CONSTRAINT "bill_payments_enterprise_id_account_nodes_id_fk" FOREIGN KEY ("enterprise_id") REFERENCES "public"."account_nodes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bill_payments" ADD CONSTRAINT "bill_payments_bill_id_bills_id_fk" FOREIGN KEY ("bill_id") REFERENCES "public"."bills"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bill_payments" ADD CONSTRAINT "bill_payments_recorded_by_id_users_id_fk" FOREIGN KEY ("recorded_by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bill_splits" ADD CONSTRAINT "bill_splits_enterprise_id_account_nodes_id_fk" FOREIGN KEY ("enterprise_id") REFERENCES "public"."account_nodes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bill_splits" ADD CONSTRAINT "bill_splits_bill_id_bills_id_fk" FOREIGN KEY ("bill_id") REFERENCES "public"."bills"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "bill_disputes_open_idx" ON "bill_disputes" USING btree ("bill_line_id") WHERE status = 'open';--> statement-breakpoint
CREATE INDEX "bill_disputes_bill_idx" ON "bill_disputes" USING btree ("bill_id");--> statement-breakpoint
CREATE INDEX "bill_disputes_status_idx" ON "bill_disputes" USING btree ("enterprise_id","status");--> statement-breakpoint
CREATE INDEX "bill_disputes_account_idx" ON "bill_disputes" USING btree ("billing_account_id","status");--> statement-breakpoint
CREATE INDEX "bill_payments_bill_idx" ON "bill_payments" USING btree ("bill_id");--> statement-breakpoint
CREATE INDEX "bill_splits_bill_idx" ON "bill_splits" USING btree ("bill_id","dimension");--> statement-breakpoint
CREATE INDEX "bill_splits_key_idx" ON "bill_splits" USING btree ("dimension","key_id");--> statement-breakpoint
ALTER TABLE "bill_lines" ADD CONSTRAINT "bill_lines_dispute_id_bill_disputes_id_fk" FOREIGN KEY ("dispute_id") REFERENCES "public"."bill_disputes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "bill_lines_dispute_idx" ON "bill_lines" USING btree ("dispute_id") WHERE dispute_id is not null;--> statement-breakpoint
CREATE INDEX "bill_lines_bill_idx" ON "bill_lines" USING btree ("bill_id","sub_account_id");--> statement-breakpoint
CREATE INDEX "bills_enterprise_idx" ON "bills" USING btree ("enterprise_id","period_start");