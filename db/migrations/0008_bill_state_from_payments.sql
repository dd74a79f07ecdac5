-- Bills paid before payments were recorded count as paid in full.
UPDATE "bills" SET "paid_minor" = "total_minor" WHERE "status" = 'paid';--> statement-breakpoint
ALTER TABLE "bills" DROP COLUMN "status";--> statement-breakpoint
DROP TYPE "public"."bill_status";