/** Words for the subject types that appear in the audit log. */
export function subjectLabel(type: string): string {
  const known: Record<string, string> = {
    AccountNode: "Account",
    RoleAssignment: "Role assignment",
    ApprovalPolicy: "Approval policy",
    OutboxMessage: "Outbox message",
    SupportAccess: "Support access",
    Impersonation: "Support session",
    AuditEvent: "Audit log",
    Request: "Request",
    ScimToken: "SCIM token",
    ScimGroup: "SCIM group",
  };
  return known[type] ?? type.replace(/([a-z])([A-Z])/g, "$1 $2");
}

/** Where a subject can be opened in the portal, if anywhere. */
export function subjectHref(type: string, id: string | null): string | null {
  if (!id) return null;
  const routes: Record<string, string> = { Site: "/sites", User: "/users", Order: "/orders", AccountNode: "/accounts", Bill: "/bills" };
  return routes[type] ? `${routes[type]}/${id}` : null;
}
