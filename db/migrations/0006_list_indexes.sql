DROP INDEX "orders_node_idx";--> statement-breakpoint
CREATE INDEX "order_lines_site_idx" ON "order_lines" USING btree ("site_id","order_id");--> statement-breakpoint
CREATE INDEX "orders_node_status_idx" ON "orders" USING btree ("node_id","status");--> statement-breakpoint
CREATE INDEX "orders_created_idx" ON "orders" USING btree ("created_at","number","id");