/* Pure and client-safe: the timeline's words for what can happen to an order. */
/** What can happen to an order, as its timeline says it. */
export const ORDER_EVENT_LABELS = {
  created: "Created",
  updated: "Edited",
  submitted: "Submitted",
  approval_needed: "Waiting for approval",
  level_approved: "Level approved",
  approved: "Approved",
  rejected: "Rejected",
  escalated: "Escalated",
  cancelled: "Cancelled",
  started: "Work started",
  completed: "Completed",
} as const;
