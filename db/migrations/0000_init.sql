CREATE TYPE "public"."bill_line_kind" AS ENUM('recurring', 'one_off', 'usage', 'adjustment');--> statement-breakpoint
CREATE TYPE "public"."bill_status" AS ENUM('issued', 'paid', 'overdue');--> statement-breakpoint
CREATE TYPE "public"."billing_cycle" AS ENUM('monthly', 'quarterly');--> statement-breakpoint
CREATE TYPE "public"."contract_status" AS ENUM('draft', 'active', 'expired', 'terminated');--> statement-breakpoint
CREATE TYPE "public"."approval_decision" AS ENUM('approved', 'rejected');--> statement-breakpoint
CREATE TYPE "public"."node_kind" AS ENUM('enterprise', 'legal_entity', 'billing_account', 'sub_account');--> statement-breakpoint
CREATE TYPE "public"."order_status" AS ENUM('draft', 'submitted', 'pending_approval', 'approved', 'rejected', 'in_progress', 'completed', 'cancelled');--> statement-breakpoint
CREATE TYPE "public"."payment_terms" AS ENUM('net_30', 'net_60', 'net_90');--> statement-breakpoint
CREATE TYPE "public"."role" AS ENUM('enterprise_admin', 'site_admin', 'orderer', 'approver', 'billing_viewer', 'technical_admin', 'account_manager', 'csp_admin');--> statement-breakpoint
CREATE TYPE "public"."service_status" AS ENUM('active', 'suspended', 'terminated');--> statement-breakpoint
CREATE TYPE "public"."sub_account_kind" AS ENUM('department', 'cost_centre', 'project', 'site');--> statement-breakpoint
CREATE TYPE "public"."ticket_status" AS ENUM('open', 'in_progress', 'resolved', 'closed');--> statement-breakpoint
CREATE TYPE "public"."user_status" AS ENUM('invited', 'active', 'deactivated');--> statement-breakpoint
CREATE TABLE "account_nodes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"enterprise_id" uuid NOT NULL,
	"parent_id" uuid,
	"kind" "node_kind" NOT NULL,
	"name" text NOT NULL,
	"code" text,
	"path" text NOT NULL,
	"sub_account_kind" "sub_account_kind",
	"registration_number" text,
	"tax_id" text,
	"country_code" char(2),
	"currency" char(3),
	"payment_terms" "payment_terms",
	"billing_cycle" "billing_cycle",
	"bill_to_contact" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "invitations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"enterprise_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"email" text NOT NULL,
	"token_hash" text NOT NULL,
	"invited_by_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"accepted_at" timestamp with time zone,
	"revoked_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "login_throttle" (
	"email" text PRIMARY KEY NOT NULL,
	"failures" integer DEFAULT 0 NOT NULL,
	"last_failure_at" timestamp with time zone DEFAULT now() NOT NULL,
	"locked_until" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "outbox_messages" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"enterprise_id" uuid,
	"to" text NOT NULL,
	"subject" text NOT NULL,
	"text" text NOT NULL,
	"html" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "role_assignments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"enterprise_id" uuid,
	"user_id" uuid NOT NULL,
	"role" "role" NOT NULL,
	"scope_node_id" uuid,
	"approval_limit_minor" bigint,
	"spend_limit_minor" bigint,
	"limit_currency" char(3),
	"granted_by_id" uuid,
	"granted_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "users" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"enterprise_id" uuid,
	"unit_node_id" uuid,
	"email" text NOT NULL,
	"name" text NOT NULL,
	"password_hash" text,
	"status" "user_status" DEFAULT 'active' NOT NULL,
	"locale" text DEFAULT 'en-GB' NOT NULL,
	"time_zone" text DEFAULT 'Europe/London' NOT NULL,
	"last_sign_in_at" timestamp with time zone,
	"sessions_valid_after" timestamp with time zone DEFAULT now() NOT NULL,
	"deactivated_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sites" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"enterprise_id" uuid NOT NULL,
	"sub_account_id" uuid NOT NULL,
	"name" text NOT NULL,
	"address_line1" text NOT NULL,
	"address_line2" text,
	"city" text NOT NULL,
	"region" text,
	"postcode" text NOT NULL,
	"country_code" char(2) NOT NULL,
	"contact_name" text,
	"contact_email" text,
	"contact_phone" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "offering_prices" (
	"offering_id" uuid NOT NULL,
	"currency" char(3) NOT NULL,
	"one_off_minor" bigint DEFAULT 0 NOT NULL,
	"recurring_minor" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "offering_prices_offering_id_currency_pk" PRIMARY KEY("offering_id","currency")
);
--> statement-breakpoint
CREATE TABLE "product_offerings" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"category" text NOT NULL,
	"unit" text DEFAULT 'each' NOT NULL,
	"is_active" boolean DEFAULT true NOT NULL,
	CONSTRAINT "product_offerings_code_unique" UNIQUE("code")
);
--> statement-breakpoint
CREATE TABLE "contract_price_items" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"enterprise_id" uuid NOT NULL,
	"contract_id" uuid NOT NULL,
	"offering_id" uuid NOT NULL,
	"currency" char(3) NOT NULL,
	"one_off_minor" bigint NOT NULL,
	"recurring_minor" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "contract_volume_bands" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"enterprise_id" uuid NOT NULL,
	"price_item_id" uuid NOT NULL,
	"min_quantity" integer NOT NULL,
	"recurring_minor" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "contracts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"enterprise_id" uuid NOT NULL,
	"node_id" uuid NOT NULL,
	"reference" text NOT NULL,
	"name" text NOT NULL,
	"status" "contract_status" DEFAULT 'draft' NOT NULL,
	"sla_tier" text NOT NULL,
	"starts_on" date NOT NULL,
	"ends_on" date NOT NULL,
	"drafted_by_id" uuid NOT NULL,
	"activated_by_id" uuid,
	"activated_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "order_lines" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"enterprise_id" uuid NOT NULL,
	"order_id" uuid NOT NULL,
	"offering_id" uuid NOT NULL,
	"site_id" uuid NOT NULL,
	"sub_account_id" uuid NOT NULL,
	"price_item_id" uuid,
	"quantity" integer NOT NULL,
	"unit_one_off_minor" bigint NOT NULL,
	"unit_recurring_minor" bigint NOT NULL,
	"band_min_quantity" integer
);
--> statement-breakpoint
CREATE TABLE "orders" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"enterprise_id" uuid NOT NULL,
	"number" text NOT NULL,
	"node_id" uuid NOT NULL,
	"billing_account_id" uuid NOT NULL,
	"contract_id" uuid NOT NULL,
	"created_by_id" uuid NOT NULL,
	"status" "order_status" DEFAULT 'draft' NOT NULL,
	"purchase_order_number" text,
	"currency" char(3) NOT NULL,
	"one_off_total_minor" bigint DEFAULT 0 NOT NULL,
	"recurring_total_minor" bigint DEFAULT 0 NOT NULL,
	"total_minor" bigint DEFAULT 0 NOT NULL,
	"required_levels" integer DEFAULT 0 NOT NULL,
	"note" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"submitted_at" timestamp with time zone,
	"decided_at" timestamp with time zone,
	"completed_at" timestamp with time zone,
	"cancelled_at" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "services" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"enterprise_id" uuid NOT NULL,
	"offering_id" uuid NOT NULL,
	"contract_id" uuid,
	"order_line_id" uuid,
	"site_id" uuid NOT NULL,
	"sub_account_id" uuid NOT NULL,
	"quantity" integer NOT NULL,
	"currency" char(3) NOT NULL,
	"recurring_minor" bigint NOT NULL,
	"status" "service_status" DEFAULT 'active' NOT NULL,
	"activated_at" timestamp with time zone NOT NULL,
	"terminated_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "approval_decisions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"enterprise_id" uuid NOT NULL,
	"order_id" uuid NOT NULL,
	"level" integer NOT NULL,
	"decider_id" uuid NOT NULL,
	"decision" "approval_decision" NOT NULL,
	"approval_limit_minor" bigint,
	"comment" text,
	"decided_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "approval_policies" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"enterprise_id" uuid NOT NULL,
	"node_id" uuid NOT NULL,
	"thresholds_minor" jsonb NOT NULL,
	"updated_by_id" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "bill_lines" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"enterprise_id" uuid NOT NULL,
	"bill_id" uuid NOT NULL,
	"sub_account_id" uuid NOT NULL,
	"site_id" uuid,
	"offering_id" uuid,
	"kind" "bill_line_kind" NOT NULL,
	"description" text NOT NULL,
	"quantity" integer NOT NULL,
	"amount_minor" bigint NOT NULL,
	"tax_minor" bigint NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "bills" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"enterprise_id" uuid NOT NULL,
	"billing_account_id" uuid NOT NULL,
	"number" text NOT NULL,
	"period_start" date NOT NULL,
	"period_end" date NOT NULL,
	"currency" char(3) NOT NULL,
	"subtotal_minor" bigint NOT NULL,
	"tax_minor" bigint NOT NULL,
	"total_minor" bigint NOT NULL,
	"status" "bill_status" DEFAULT 'issued' NOT NULL,
	"issued_at" timestamp with time zone NOT NULL,
	"due_on" date NOT NULL
);
--> statement-breakpoint
CREATE TABLE "audit_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"enterprise_id" uuid,
	"node_id" uuid,
	"actor_id" uuid,
	"on_behalf_of_id" uuid,
	"action" text NOT NULL,
	"outcome" text DEFAULT 'success' NOT NULL,
	"subject_type" text NOT NULL,
	"subject_id" text,
	"summary" text DEFAULT '' NOT NULL,
	"before" jsonb,
	"after" jsonb,
	"request_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "impersonation_sessions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"enterprise_id" uuid NOT NULL,
	"account_manager_id" uuid NOT NULL,
	"target_user_id" uuid NOT NULL,
	"reason" text NOT NULL,
	"write_access" boolean DEFAULT false NOT NULL,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"ended_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "support_access_grants" (
	"enterprise_id" uuid PRIMARY KEY NOT NULL,
	"write_allowed" boolean DEFAULT false NOT NULL,
	"granted_by_id" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "trouble_tickets" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"enterprise_id" uuid NOT NULL,
	"site_id" uuid NOT NULL,
	"node_id" uuid NOT NULL,
	"service_id" uuid,
	"raised_by_id" uuid NOT NULL,
	"title" text NOT NULL,
	"description" text NOT NULL,
	"status" "ticket_status" DEFAULT 'open' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "account_nodes" ADD CONSTRAINT "account_nodes_parent_id_account_nodes_id_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."account_nodes"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invitations" ADD CONSTRAINT "invitations_enterprise_id_account_nodes_id_fk" FOREIGN KEY ("enterprise_id") REFERENCES "public"."account_nodes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invitations" ADD CONSTRAINT "invitations_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invitations" ADD CONSTRAINT "invitations_invited_by_id_users_id_fk" FOREIGN KEY ("invited_by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outbox_messages" ADD CONSTRAINT "outbox_messages_enterprise_id_account_nodes_id_fk" FOREIGN KEY ("enterprise_id") REFERENCES "public"."account_nodes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "role_assignments" ADD CONSTRAINT "role_assignments_enterprise_id_account_nodes_id_fk" FOREIGN KEY ("enterprise_id") REFERENCES "public"."account_nodes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "role_assignments" ADD CONSTRAINT "role_assignments_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "role_assignments" ADD CONSTRAINT "role_assignments_scope_node_id_account_nodes_id_fk" FOREIGN KEY ("scope_node_id") REFERENCES "public"."account_nodes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "role_assignments" ADD CONSTRAINT "role_assignments_granted_by_id_users_id_fk" FOREIGN KEY ("granted_by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_enterprise_id_account_nodes_id_fk" FOREIGN KEY ("enterprise_id") REFERENCES "public"."account_nodes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_unit_node_id_account_nodes_id_fk" FOREIGN KEY ("unit_node_id") REFERENCES "public"."account_nodes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sites" ADD CONSTRAINT "sites_enterprise_id_account_nodes_id_fk" FOREIGN KEY ("enterprise_id") REFERENCES "public"."account_nodes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sites" ADD CONSTRAINT "sites_sub_account_id_account_nodes_id_fk" FOREIGN KEY ("sub_account_id") REFERENCES "public"."account_nodes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "offering_prices" ADD CONSTRAINT "offering_prices_offering_id_product_offerings_id_fk" FOREIGN KEY ("offering_id") REFERENCES "public"."product_offerings"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contract_price_items" ADD CONSTRAINT "contract_price_items_enterprise_id_account_nodes_id_fk" FOREIGN KEY ("enterprise_id") REFERENCES "public"."account_nodes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contract_price_items" ADD CONSTRAINT "contract_price_items_contract_id_contracts_id_fk" FOREIGN KEY ("contract_id") REFERENCES "public"."contracts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contract_price_items" ADD CONSTRAINT "contract_price_items_offering_id_product_offerings_id_fk" FOREIGN KEY ("offering_id") REFERENCES "public"."product_offerings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contract_volume_bands" ADD CONSTRAINT "contract_volume_bands_enterprise_id_account_nodes_id_fk" FOREIGN KEY ("enterprise_id") REFERENCES "public"."account_nodes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contract_volume_bands" ADD CONSTRAINT "contract_volume_bands_price_item_id_contract_price_items_id_fk" FOREIGN KEY ("price_item_id") REFERENCES "public"."contract_price_items"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contracts" ADD CONSTRAINT "contracts_enterprise_id_account_nodes_id_fk" FOREIGN KEY ("enterprise_id") REFERENCES "public"."account_nodes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contracts" ADD CONSTRAINT "contracts_node_id_account_nodes_id_fk" FOREIGN KEY ("node_id") REFERENCES "public"."account_nodes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contracts" ADD CONSTRAINT "contracts_drafted_by_id_users_id_fk" FOREIGN KEY ("drafted_by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contracts" ADD CONSTRAINT "contracts_activated_by_id_users_id_fk" FOREIGN KEY ("activated_by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_lines" ADD CONSTRAINT "order_lines_enterprise_id_account_nodes_id_fk" FOREIGN KEY ("enterprise_id") REFERENCES "public"."account_nodes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_lines" ADD CONSTRAINT "order_lines_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_lines" ADD CONSTRAINT "order_lines_offering_id_product_offerings_id_fk" FOREIGN KEY ("offering_id") REFERENCES "public"."product_offerings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_lines" ADD CONSTRAINT "order_lines_site_id_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."sites"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_lines" ADD CONSTRAINT "order_lines_sub_account_id_account_nodes_id_fk" FOREIGN KEY ("sub_account_id") REFERENCES "public"."account_nodes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_lines" ADD CONSTRAINT "order_lines_price_item_id_contract_price_items_id_fk" FOREIGN KEY ("price_item_id") REFERENCES "public"."contract_price_items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "orders" ADD CONSTRAINT "orders_enterprise_id_account_nodes_id_fk" FOREIGN KEY ("enterprise_id") REFERENCES "public"."account_nodes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "orders" ADD CONSTRAINT "orders_node_id_account_nodes_id_fk" FOREIGN KEY ("node_id") REFERENCES "public"."account_nodes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "orders" ADD CONSTRAINT "orders_billing_account_id_account_nodes_id_fk" FOREIGN KEY ("billing_account_id") REFERENCES "public"."account_nodes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "orders" ADD CONSTRAINT "orders_contract_id_contracts_id_fk" FOREIGN KEY ("contract_id") REFERENCES "public"."contracts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "orders" ADD CONSTRAINT "orders_created_by_id_users_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "services" ADD CONSTRAINT "services_enterprise_id_account_nodes_id_fk" FOREIGN KEY ("enterprise_id") REFERENCES "public"."account_nodes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "services" ADD CONSTRAINT "services_offering_id_product_offerings_id_fk" FOREIGN KEY ("offering_id") REFERENCES "public"."product_offerings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "services" ADD CONSTRAINT "services_contract_id_contracts_id_fk" FOREIGN KEY ("contract_id") REFERENCES "public"."contracts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "services" ADD CONSTRAINT "services_order_line_id_order_lines_id_fk" FOREIGN KEY ("order_line_id") REFERENCES "public"."order_lines"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "services" ADD CONSTRAINT "services_site_id_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."sites"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "services" ADD CONSTRAINT "services_sub_account_id_account_nodes_id_fk" FOREIGN KEY ("sub_account_id") REFERENCES "public"."account_nodes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "approval_decisions" ADD CONSTRAINT "approval_decisions_enterprise_id_account_nodes_id_fk" FOREIGN KEY ("enterprise_id") REFERENCES "public"."account_nodes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "approval_decisions" ADD CONSTRAINT "approval_decisions_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "approval_decisions" ADD CONSTRAINT "approval_decisions_decider_id_users_id_fk" FOREIGN KEY ("decider_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "approval_policies" ADD CONSTRAINT "approval_policies_enterprise_id_account_nodes_id_fk" FOREIGN KEY ("enterprise_id") REFERENCES "public"."account_nodes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "approval_policies" ADD CONSTRAINT "approval_policies_node_id_account_nodes_id_fk" FOREIGN KEY ("node_id") REFERENCES "public"."account_nodes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "approval_policies" ADD CONSTRAINT "approval_policies_updated_by_id_users_id_fk" FOREIGN KEY ("updated_by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bill_lines" ADD CONSTRAINT "bill_lines_enterprise_id_account_nodes_id_fk" FOREIGN KEY ("enterprise_id") REFERENCES "public"."account_nodes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bill_lines" ADD CONSTRAINT "bill_lines_bill_id_bills_id_fk" FOREIGN KEY ("bill_id") REFERENCES "public"."bills"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bill_lines" ADD CONSTRAINT "bill_lines_sub_account_id_account_nodes_id_fk" FOREIGN KEY ("sub_account_id") REFERENCES "public"."account_nodes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bill_lines" ADD CONSTRAINT "bill_lines_site_id_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."sites"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bill_lines" ADD CONSTRAINT "bill_lines_offering_id_product_offerings_id_fk" FOREIGN KEY ("offering_id") REFERENCES "public"."product_offerings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bills" ADD CONSTRAINT "bills_enterprise_id_account_nodes_id_fk" FOREIGN KEY ("enterprise_id") REFERENCES "public"."account_nodes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bills" ADD CONSTRAINT "bills_billing_account_id_account_nodes_id_fk" FOREIGN KEY ("billing_account_id") REFERENCES "public"."account_nodes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "audit_events" ADD CONSTRAINT "audit_events_enterprise_id_account_nodes_id_fk" FOREIGN KEY ("enterprise_id") REFERENCES "public"."account_nodes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "audit_events" ADD CONSTRAINT "audit_events_node_id_account_nodes_id_fk" FOREIGN KEY ("node_id") REFERENCES "public"."account_nodes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "audit_events" ADD CONSTRAINT "audit_events_actor_id_users_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "audit_events" ADD CONSTRAINT "audit_events_on_behalf_of_id_users_id_fk" FOREIGN KEY ("on_behalf_of_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "impersonation_sessions" ADD CONSTRAINT "impersonation_sessions_enterprise_id_account_nodes_id_fk" FOREIGN KEY ("enterprise_id") REFERENCES "public"."account_nodes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "impersonation_sessions" ADD CONSTRAINT "impersonation_sessions_account_manager_id_users_id_fk" FOREIGN KEY ("account_manager_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "impersonation_sessions" ADD CONSTRAINT "impersonation_sessions_target_user_id_users_id_fk" FOREIGN KEY ("target_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "support_access_grants" ADD CONSTRAINT "support_access_grants_enterprise_id_account_nodes_id_fk" FOREIGN KEY ("enterprise_id") REFERENCES "public"."account_nodes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "support_access_grants" ADD CONSTRAINT "support_access_grants_granted_by_id_users_id_fk" FOREIGN KEY ("granted_by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "trouble_tickets" ADD CONSTRAINT "trouble_tickets_enterprise_id_account_nodes_id_fk" FOREIGN KEY ("enterprise_id") REFERENCES "public"."account_nodes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "trouble_tickets" ADD CONSTRAINT "trouble_tickets_site_id_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."sites"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "trouble_tickets" ADD CONSTRAINT "trouble_tickets_node_id_account_nodes_id_fk" FOREIGN KEY ("node_id") REFERENCES "public"."account_nodes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "trouble_tickets" ADD CONSTRAINT "trouble_tickets_service_id_services_id_fk" FOREIGN KEY ("service_id") REFERENCES "public"."services"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "trouble_tickets" ADD CONSTRAINT "trouble_tickets_raised_by_id_users_id_fk" FOREIGN KEY ("raised_by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "account_nodes_path_idx" ON "account_nodes" USING btree ("path" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "account_nodes_enterprise_idx" ON "account_nodes" USING btree ("enterprise_id");--> statement-breakpoint
CREATE INDEX "account_nodes_parent_idx" ON "account_nodes" USING btree ("parent_id");--> statement-breakpoint
CREATE INDEX "account_nodes_kind_idx" ON "account_nodes" USING btree ("enterprise_id","kind");--> statement-breakpoint
CREATE UNIQUE INDEX "invitations_token_idx" ON "invitations" USING btree ("token_hash");--> statement-breakpoint
CREATE INDEX "invitations_enterprise_idx" ON "invitations" USING btree ("enterprise_id");--> statement-breakpoint
CREATE INDEX "invitations_user_idx" ON "invitations" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "outbox_enterprise_idx" ON "outbox_messages" USING btree ("enterprise_id","created_at");--> statement-breakpoint
CREATE INDEX "role_assignments_user_idx" ON "role_assignments" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "role_assignments_scope_idx" ON "role_assignments" USING btree ("scope_node_id");--> statement-breakpoint
CREATE INDEX "role_assignments_enterprise_idx" ON "role_assignments" USING btree ("enterprise_id");--> statement-breakpoint
CREATE UNIQUE INDEX "users_email_idx" ON "users" USING btree ("email");--> statement-breakpoint
CREATE INDEX "users_enterprise_idx" ON "users" USING btree ("enterprise_id");--> statement-breakpoint
CREATE INDEX "users_unit_idx" ON "users" USING btree ("unit_node_id");--> statement-breakpoint
CREATE INDEX "sites_enterprise_idx" ON "sites" USING btree ("enterprise_id");--> statement-breakpoint
CREATE INDEX "sites_sub_account_idx" ON "sites" USING btree ("sub_account_id");--> statement-breakpoint
CREATE UNIQUE INDEX "contract_price_items_uq" ON "contract_price_items" USING btree ("contract_id","offering_id","currency");--> statement-breakpoint
CREATE UNIQUE INDEX "contract_volume_bands_uq" ON "contract_volume_bands" USING btree ("price_item_id","min_quantity");--> statement-breakpoint
CREATE INDEX "contracts_enterprise_idx" ON "contracts" USING btree ("enterprise_id");--> statement-breakpoint
CREATE UNIQUE INDEX "contracts_reference_idx" ON "contracts" USING btree ("reference");--> statement-breakpoint
CREATE INDEX "order_lines_order_idx" ON "order_lines" USING btree ("order_id");--> statement-breakpoint
CREATE UNIQUE INDEX "orders_number_idx" ON "orders" USING btree ("number");--> statement-breakpoint
CREATE INDEX "orders_enterprise_idx" ON "orders" USING btree ("enterprise_id","status");--> statement-breakpoint
CREATE INDEX "orders_node_idx" ON "orders" USING btree ("node_id");--> statement-breakpoint
CREATE INDEX "orders_created_by_idx" ON "orders" USING btree ("created_by_id","submitted_at");--> statement-breakpoint
CREATE INDEX "services_enterprise_idx" ON "services" USING btree ("enterprise_id");--> statement-breakpoint
CREATE INDEX "services_site_idx" ON "services" USING btree ("site_id");--> statement-breakpoint
CREATE UNIQUE INDEX "approval_decisions_level_idx" ON "approval_decisions" USING btree ("order_id","level");--> statement-breakpoint
CREATE UNIQUE INDEX "approval_decisions_decider_idx" ON "approval_decisions" USING btree ("order_id","decider_id");--> statement-breakpoint
CREATE INDEX "approval_decisions_enterprise_idx" ON "approval_decisions" USING btree ("enterprise_id");--> statement-breakpoint
CREATE UNIQUE INDEX "approval_policies_node_idx" ON "approval_policies" USING btree ("node_id");--> statement-breakpoint
CREATE INDEX "bill_lines_bill_idx" ON "bill_lines" USING btree ("bill_id");--> statement-breakpoint
CREATE INDEX "bill_lines_sub_account_idx" ON "bill_lines" USING btree ("sub_account_id");--> statement-breakpoint
CREATE UNIQUE INDEX "bills_period_idx" ON "bills" USING btree ("billing_account_id","period_start");--> statement-breakpoint
CREATE UNIQUE INDEX "bills_number_idx" ON "bills" USING btree ("number");--> statement-breakpoint
CREATE INDEX "bills_enterprise_idx" ON "bills" USING btree ("enterprise_id");--> statement-breakpoint
CREATE INDEX "audit_events_enterprise_time_idx" ON "audit_events" USING btree ("enterprise_id","created_at");--> statement-breakpoint
CREATE INDEX "audit_events_node_idx" ON "audit_events" USING btree ("node_id");--> statement-breakpoint
CREATE INDEX "audit_events_actor_idx" ON "audit_events" USING btree ("actor_id");--> statement-breakpoint
CREATE INDEX "impersonation_manager_idx" ON "impersonation_sessions" USING btree ("account_manager_id","ended_at");--> statement-breakpoint
CREATE INDEX "trouble_tickets_site_idx" ON "trouble_tickets" USING btree ("site_id");