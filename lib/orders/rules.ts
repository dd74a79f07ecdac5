/**
 * Pure rules of the order lifecycle (DESIGN.md "Orders"): what may happen in which status, and
 * where an order hangs in the tree. Approval routing is lib/approvals/rules.ts.
 */
import { selfAndAncestorPaths } from "@/lib/authz/paths";

export type OrderStatus = "draft" | "submitted" | "pending_approval" | "approved" | "rejected" | "in_progress" | "completed" | "cancelled";

/** Statuses an orderer may still cancel from: nothing has been started at the CSP yet. */
export const CANCELLABLE: readonly OrderStatus[] = ["draft", "pending_approval", "approved"];
/** Statuses whose orders count towards the orderer's monthly spend. */
export const SPENDING: readonly OrderStatus[] = ["submitted", "pending_approval", "approved", "in_progress", "completed"];

export const canEdit = (status: OrderStatus) => status === "draft";
export const canSubmit = (status: OrderStatus) => status === "draft";
export const canCancel = (status: OrderStatus) => CANCELLABLE.includes(status);

/**
 * The node an order hangs on: the deepest node above or at every line's sub-account, so an order for
 * one site sits on that sub-account and one spanning several sits on their common ancestor (the
 * billing account, within one). Its scope decides who reads and approves it.
 */
export function commonAncestorPath(paths: string[]): string {
  if (paths.length === 0) throw new Error("No paths");
  let common = selfAndAncestorPaths(paths[0]!);
  for (const p of paths.slice(1)) {
    const mine = new Set(selfAndAncestorPaths(p));
    common = common.filter((c) => mine.has(c));
  }
  const deepest = common.at(-1);
  if (!deepest) throw new Error("Paths from different trees");
  return deepest;
}
