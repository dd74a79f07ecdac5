import { AbilityBuilder, createMongoAbility, type MongoAbility } from "@casl/ability";
import { allUnder$, conditionsMatcher, under$ } from "./conditions";
import { selfAndAncestorPaths } from "./paths";
import { activeAssignments, type Principal, type ScopedAssignment } from "./principal";
import { CUSTOMER_ROLES, WRITE_ACTIONS, type Action, type SubjectType } from "./vocabulary";

export type AppAbility = MongoAbility<[Action, SubjectType | { __caslSubjectType__: SubjectType }]>;
type Builder = AbilityBuilder<AppAbility>;
// Conditions use our `$under` operator, which CASL's MongoQuery typing does not know; subjects are
// tagged plain objects, so the typing cannot help here and `q` opts out of it in one place.
type Conditions = Record<string, unknown>;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const q = (c: Conditions): any => c;

/** What each role may do on the subtree at `scope` (see DESIGN.md, "Who may do what"). */
const customerRules: Record<(typeof CUSTOMER_ROLES)[number], (b: Builder, scope: string, p: Principal, a: ScopedAssignment) => void> = {
  enterprise_admin(b, scope) {
    const inScope = q({ path: under$(scope) });
    b.can("read", ["AccountNode", "User", "RoleAssignment", "Invitation", "Site", "Service", "Order", "Bill", "Dispute", "AuditEvent", "ApprovalPolicy", "Ticket", "Impersonation"], inScope);
    readCoveringContracts(b, scope);
    b.can("export", ["User", "Bill", "AuditEvent"], inScope);
    // Rule 3, no upward management: a person is managed only when their unit is in scope and every
    // role they hold lies in scope too, so a subtree admin never touches someone who outranks it.
    const managed = q({ path: under$(scope), rolePaths: allUnder$(scope) });
    b.can(["create", "update", "deactivate", "reactivate"], "User", managed);
    b.can(["create", "update", "delete"], "Invitation", managed);
    b.can(["read", "delete"], "Session", managed);
    // Rule 3's "credentials": resetting the second factor of a person who lost their authenticator.
    b.can("update", "Credential", managed);
    b.can(["grant", "revoke"], "RoleAssignment", q({ path: under$(scope), role: { $in: [...CUSTOMER_ROLES] }, holderPath: under$(scope), holderRolePaths: allUnder$(scope) }));
    b.can(["create", "update", "delete"], "Site", inScope);
    b.can(["create", "update"], "ApprovalPolicy", inScope);
    // Rule 4's consent: whether account managers may look in at all, and act while they do.
    b.can(["read", "update"], "SupportAccess", inScope);
    // A mail may carry a link that sets its recipient's password: readable only by who manages them.
    b.can("read", "OutboxMessage", managed);
    // Enterprise identity (SSO, MFA policy) is enterprise-wide: the root's path is under the scope
    // only for admins of the whole enterprise. SCIM tokens provision within their creator's scope.
    b.can(["read", "update"], "IdentityProvider", inScope);
    b.can(["read", "create", "delete"], "ScimToken", inScope);
    b.can(["read", "update"], "ScimGroup", inScope);
  },
  site_admin(b, scope) {
    const inScope = q({ path: under$(scope) });
    b.can("read", ["AccountNode", "Site", "Service", "Order", "Ticket"], inScope);
    b.can(["create", "update", "delete"], "Site", inScope);
  },
  orderer(b, scope, p) {
    const inScope = q({ path: under$(scope) });
    b.can("read", ["AccountNode", "Site", "Order"], inScope);
    readCoveringContracts(b, scope);
    b.can("create", "Order", inScope);
    b.can(["update", "submit", "cancel", "delete"], "Order", q({ path: under$(scope), createdById: p.userId }));
  },
  approver(b, scope, p, a) {
    const inScope = q({ path: under$(scope) });
    b.can("read", ["AccountNode", "Order"], inScope);
    readCoveringContracts(b, scope);
    // Away: an approver names who decides in their place (the delegate decides within their own rights).
    b.can(["create", "update"], "Delegation", q({ approverId: p.userId }));
    // An approval limit is an amount in one currency and covers orders in that currency only.
    if (a.approvalLimitMinor != null && a.limitCurrency) {
      b.can("approve", "Order", q({ path: under$(scope), currency: a.limitCurrency, totalMinor: { $lte: a.approvalLimitMinor } }));
    }
  },
  billing_viewer(b, scope) {
    const inScope = q({ path: under$(scope) });
    b.can("read", ["AccountNode", "Bill", "Dispute"], inScope);
    b.can("export", "Bill", inScope);
    // "dispute a bill line": the dispute hangs on the line's billing account.
    b.can("create", "Dispute", inScope);
  },
  technical_admin(b, scope, p) {
    const inScope = q({ path: under$(scope) });
    b.can("read", ["AccountNode", "Site", "Service", "Ticket"], inScope);
    b.can("create", "Ticket", inScope);
    b.can("update", "Ticket", q({ path: under$(scope), raisedById: p.userId }));
  },
};

/**
 * A contract covers its node's subtree, so a scope may read contracts on its own node or above it
 * (and below it). Customers read agreements (active, superseded, expired, terminated), never the
 * CSP's drafts while they are negotiated: a draft is not an agreement until it is activated.
 */
function readCoveringContracts(b: Builder, scope: string) {
  const agreed = { $ne: "draft" };
  b.can("read", "Contract", q({ path: { $in: selfAndAncestorPaths(scope) }, status: agreed }));
  b.can("read", "Contract", q({ path: under$(scope), status: agreed }));
}

function accountManagerRules(b: Builder, scope: string, p: Principal) {
  const inScope = q({ path: under$(scope) });
  b.can("read", ["AccountNode", "User", "RoleAssignment", "Site", "Service", "Contract", "Order", "ApprovalPolicy", "Bill", "Dispute", "AuditEvent", "Ticket"], inScope);
  // The CSP side of billing for its enterprises: recording payments, resolving disputes.
  b.can("update", ["Bill", "Dispute"], inScope);
  b.can("export", "Bill", inScope);
  // Drafting: a new contract or an amendment (a new draft version) in its enterprises; editing its own drafts.
  b.can("create", "Contract", inScope);
  b.can("update", "Contract", q({ path: under$(scope), status: "draft", draftedById: p.userId }));
  // The CSP side of an order: work started, completed (which installs the services).
  b.can("fulfil", "Order", inScope);
  // Its enterprises in the CSP console, and whether each lets it look in or act.
  b.can("read", "SupportAccess", inScope);
  b.can("read", "Impersonation", q({ accountManagerId: p.userId }));
  b.can("read", "Customer", q({ path: under$(scope), kind: "enterprise" }));
  // Rule 4: active customer users of its enterprises only, and only while the enterprise has not
  // switched support access off. CSP staff have no unit path, so they never match.
  b.can("impersonate", "User", q({ path: under$(scope), status: "active", supportAccess: true }));
}

function cspAdminRules(b: Builder) {
  b.can("read", ["AccountNode", "Contract", "Bill", "Dispute"]);
  // Every enterprise in the console: onboarding ("create") and its account managers ("update").
  b.can(["read", "create", "update"], "Customer");
  // Oversight of support access across the CSP.
  b.can("read", ["SupportAccess", "Impersonation"]);
  // Billing for every enterprise: the bill run ("create"), payments, disputes, exports.
  b.can(["create", "update", "export"], "Bill");
  b.can("update", "Dispute");
  b.can("create", "AccountNode", q({ kind: "enterprise" }));
  b.can("activate", "Contract", q({ status: "draft" }));
  // The CSP's catalog: offerings, their list prices and validity.
  b.can(["create", "update"], "Offering");
  b.can("read", "User", q({ enterpriseId: null }));
  b.can(["read", "grant", "revoke"], "RoleAssignment", q({ role: "account_manager" }));
  // The development outbox's copy of a new enterprise's first-admin invitation: the administrator
  // chose that person when onboarding it, so reading it gives no power they did not already have.
  b.can("read", "OutboxMessage", q({ purpose: "onboarding_invitation" }));
}

/**
 * Turns a principal into its ability. Deny by default: only what a role grants on its scope's
 * subtree is allowed; the `cannot` rules after the grants hold whatever the roles say.
 */
export function defineAbilityFor(principal: Principal, now = new Date()): AppAbility {
  return build(principal, now, "enforce");
}

/**
 * What a page shows in a support session (rule 4: the account manager "sees exactly what the
 * user sees"): the person's own screens, their buttons included, so the account manager can follow
 * what the customer describes. Pages never change anything; every change goes through an action
 * or route, whose ability (defineAbilityFor) refuses it and says why. Reads are the same as the
 * enforcing ability's: mail that may carry a password link stays hidden here too.
 */
export function viewAbilityFor(principal: Principal, now = new Date()): AppAbility {
  return principal.impersonation ? build(principal, now, "view") : defineAbilityFor(principal, now);
}

function build(principal: Principal, now: Date, mode: "enforce" | "view"): AppAbility {
  const b = new AbilityBuilder<AppAbility>(createMongoAbility);

  // A session whose person must have a second factor and has none (lib/mfa/rules.ts) may do one
  // thing: enrol it. Whatever their roles say, nothing else is readable or changeable until then.
  if (principal.mfaEnrolmentRequired) {
    b.can("read", "User", q({ id: principal.userId }));
    b.can("update", "Credential", q({ userId: principal.userId }));
    return b.build({ conditionsMatcher });
  }

  b.can("read", "Offering");
  b.can("read", "User", q({ id: principal.userId }));
  // Everyone changes their own password (never while impersonating, below).
  b.can("update", "Credential", q({ userId: principal.userId }));
  // Everyone sees their own sign-in sessions and may end them.
  b.can(["read", "delete"], "Session", q({ userId: principal.userId }));
  // Everyone reads and marks read their own notifications, and sees the away periods that name them.
  b.can(["read", "update"], "Notification", q({ userId: principal.userId }));
  b.can("read", "Delegation", q({ approverId: principal.userId }));
  b.can("read", "Delegation", q({ delegateId: principal.userId }));
  // Everyone sees who looked in as them (rule 4, told afterwards).
  b.can("read", "Impersonation", q({ targetUserId: principal.userId }));

  for (const a of activeAssignments(principal.assignments, now)) {
    switch (a.role) {
      case "account_manager":
        if (a.scopePath) accountManagerRules(b, a.scopePath, principal);
        break;
      case "csp_admin":
        cspAdminRules(b);
        break;
      default: {
        // Own properties only: a role named like "toString" must not find an inherited function.
        if (!Object.hasOwn(customerRules, a.role)) throw new Error(`Unknown role: ${String(a.role)}`);
        const rules = customerRules[a.role as keyof typeof customerRules];
        if (a.scopePath) rules(b, a.scopePath, principal, a);
      }
    }
  }

  // Segregation of duties, whatever the roles say.
  b.cannot(["grant", "revoke"], "RoleAssignment", q({ userId: principal.userId })); // rule 3
  b.cannot(["deactivate", "reactivate"], "User", q({ id: principal.userId }));
  b.cannot("approve", "Order", q({ createdById: principal.userId })); // rule 2
  b.cannot("activate", "Contract", q({ draftedById: principal.userId }));

  // Rule 4: impersonation never approves or rejects, changes roles, credentials or sessions, reads
  // mail that carries a password link, or impersonates again; and it is read-only unless the
  // enterprise allowed write support access. These hold whatever the impersonated user's roles say.
  if (principal.impersonation && mode === "view") b.cannot(["read", "delete"], "OutboxMessage");
  if (principal.impersonation && mode === "enforce") {
    b.cannot("approve", "Order");
    b.cannot(["create", "update"], "Delegation");
    // Loosening the approval policy would let orders through unapproved: part of approving.
    b.cannot(["create", "update"], "ApprovalPolicy");
    b.cannot(["grant", "revoke"], "RoleAssignment");
    // Creating a person grants roles; changing one touches their access.
    b.cannot(["create", "update", "deactivate", "reactivate"], "User");
    b.cannot(["create", "update", "delete"], "Invitation");
    b.cannot("update", "Credential");
    b.cannot(["read", "delete"], "OutboxMessage");
    b.cannot("delete", "Session");
    b.cannot("impersonate", "User");
    b.cannot(["update"], "SupportAccess");
    // How the enterprise's people sign in and are provisioned is a credential matter too.
    b.cannot("update", ["IdentityProvider", "ScimGroup"]);
    b.cannot(["create", "delete"], "ScimToken");
    // The person's own unread state is theirs: looking at the bell does not mark it read.
    b.cannot("update", "Notification");
    if (!principal.impersonation.writeAccess) b.cannot(WRITE_ACTIONS, "all" as SubjectType);
  }

  return b.build({ conditionsMatcher });
}
