import { describe, expect, it } from "vitest";
import { defineAbilityFor, viewAbilityFor, type AppAbility } from "./ability";
import type { Principal, ScopedAssignment } from "./principal";
import { asSubject } from "./subjects";
import { ACTIONS, CUSTOMER_ROLES, ROLES, SUBJECTS, WRITE_ACTIONS, type Action, type Role, type SubjectType } from "./vocabulary";

/**
 * The ability, checked cell by cell against DESIGN.md "Who may do what". Pure: no database.
 *
 * A synthetic account tree (ids are the path segments):
 *
 *   /acme/                      Acme (enterprise)             ← account_manager's scope
 *   /acme/uk/                   Acme UK (legal entity)        ← every customer role's scope
 *   /acme/uk/ba/lon/            London (sub-account)          descendant of UK
 *   /acme/de/                   Acme Germany                  sibling of UK
 *   /initech/                   another enterprise            "sibling" of an enterprise
 *   /globex/us/                 Globex (another enterprise)
 *
 * Each role is given one assignment on its scope node, and every subject is placed at five
 * positions relative to that scope: the scope node itself, a descendant, the parent, a sibling
 * and another enterprise. The table below says, per role, subject and action, at which positions
 * the action is allowed; everything the table does not list is denied (rule 1, deny by default).
 */

type Position = "own" | "descendant" | "parent" | "sibling" | "other";
const POSITIONS: Position[] = ["own", "descendant", "parent", "sibling", "other"];

type Place = { path: string | null; enterpriseId: string | null };
const ACME = "acme";
const GLOBEX = "globex";
const INITECH = "initech";

/** Positions around a legal-entity scope (Acme UK): where customer roles are granted. */
const AROUND_LEGAL_ENTITY: Record<Position, Place> = {
  own: { path: "/acme/uk/", enterpriseId: ACME },
  descendant: { path: "/acme/uk/ba/lon/", enterpriseId: ACME },
  parent: { path: "/acme/", enterpriseId: ACME },
  sibling: { path: "/acme/de/", enterpriseId: ACME },
  other: { path: "/globex/us/", enterpriseId: GLOBEX },
};

/**
 * Positions around an enterprise scope (Acme): where an account manager is assigned. Above an
 * enterprise there is only the CSP itself (no node, like CSP staff); its sibling is another
 * enterprise of the same CSP.
 */
const AROUND_ENTERPRISE: Record<Position, Place> = {
  own: { path: "/acme/", enterpriseId: ACME },
  descendant: { path: "/acme/uk/ba/", enterpriseId: ACME },
  parent: { path: null, enterpriseId: null },
  sibling: { path: "/initech/", enterpriseId: INITECH },
  other: { path: "/globex/us/", enterpriseId: GLOBEX },
};

/** The Acme root: a role held there outranks every scope below it. */
const ROOT = "/acme/";
const rolesAt = (p: Place) => (p.path ? [p.path] : []);

const ME = "me";
const SOMEONE = "someone-else";
const OTHER_CSP_USER = "other-csp-user";

/** GBP 50,000.00: the approver's limit in the table. */
const LIMIT = 5_000_000;

/**
 * The subjects as they appear in the table. Where ownership matters, a subject has two variants:
 * someone else's (the plain name) and the principal's own (":own" / ":self").
 */
const TARGETS = {
  AccountNode: (p: Place) => ["AccountNode", { id: "node", kind: "legal_entity", ...p }],
  // A person whose unit is at the position and who holds a role there…
  User: (p: Place) => ["User", { id: SOMEONE, status: "active", supportAccess: true, ...p, rolePaths: rolesAt(p) }],
  "User:self": (p: Place) => ["User", { id: ME, status: "active", supportAccess: true, ...p, rolePaths: rolesAt(p) }],
  // …and one whose unit is at the position but who also holds a role on the enterprise root (rule 3).
  "User:outranking": (p: Place) => ["User", { id: SOMEONE, status: "active", supportAccess: true, ...p, rolePaths: [...rolesAt(p), ROOT] }],
  // Rule 4: nobody views the portal as a person who is not active, or whose enterprise switched support access off.
  "User:inactive": (p: Place) => ["User", { id: SOMEONE, status: "deactivated", supportAccess: true, ...p, rolePaths: rolesAt(p) }],
  "User:support-off": (p: Place) => ["User", { id: SOMEONE, status: "active", supportAccess: false, ...p, rolePaths: rolesAt(p) }],
  Customer: (p: Place) => ["Customer", { id: "ent", kind: "enterprise", ...p }],
  // A person's password and second factor; an admin resets the second factor of people it manages (rule 3).
  Credential: (p: Place) => ["Credential", { id: SOMEONE, userId: SOMEONE, ...p, rolePaths: rolesAt(p) }],
  "Credential:outranking": (p: Place) => ["Credential", { id: SOMEONE, userId: SOMEONE, ...p, rolePaths: [...rolesAt(p), ROOT] }],
  "Credential:own": (p: Place) => ["Credential", { id: ME, userId: ME, ...p }],
  Impersonation: (p: Place) => ["Impersonation", { id: "imp", accountManagerId: OTHER_CSP_USER, targetUserId: SOMEONE, ...p }],
  "Impersonation:own": (p: Place) => ["Impersonation", { id: "imp", accountManagerId: ME, targetUserId: SOMEONE, ...p }],
  "Impersonation:about-me": (p: Place) => ["Impersonation", { id: "imp", accountManagerId: OTHER_CSP_USER, targetUserId: ME, ...p }],
  RoleAssignment: (p: Place) => ["RoleAssignment", { id: "ra", userId: SOMEONE, role: "orderer", ...p, holderPath: p.path, holderRolePaths: rolesAt(p) }],
  "RoleAssignment:own": (p: Place) => ["RoleAssignment", { id: "ra", userId: ME, role: "orderer", ...p, holderPath: p.path, holderRolePaths: rolesAt(p) }],
  "RoleAssignment:outranking": (p: Place) => ["RoleAssignment", { id: "ra", userId: SOMEONE, role: "orderer", ...p, holderPath: p.path, holderRolePaths: [...rolesAt(p), ROOT] }],
  Invitation: (p: Place) => ["Invitation", { id: "inv", ...p, rolePaths: rolesAt(p) }],
  "Invitation:outranking": (p: Place) => ["Invitation", { id: "inv", ...p, rolePaths: [...rolesAt(p), ROOT] }],
  Session: (p: Place) => ["Session", { id: "s", userId: SOMEONE, ...p, rolePaths: rolesAt(p) }],
  "Session:own": (p: Place) => ["Session", { id: "s", userId: ME, ...p, rolePaths: rolesAt(p) }],
  "Session:outranking": (p: Place) => ["Session", { id: "s", userId: SOMEONE, ...p, rolePaths: [...rolesAt(p), ROOT] }],
  Site: (p: Place) => ["Site", { id: "site", ...p }],
  Service: (p: Place) => ["Service", { id: "svc", ...p }],
  Contract: (p: Place) => ["Contract", { id: "c", status: "draft", draftedById: OTHER_CSP_USER, ...p }],
  "Contract:own": (p: Place) => ["Contract", { id: "c", status: "draft", draftedById: ME, ...p }],
  // An agreement in force (or superseded): what customers read, never the drafts above.
  "Contract:agreed": (p: Place) => ["Contract", { id: "c", status: "active", draftedById: OTHER_CSP_USER, ...p }],
  Offering: () => ["Offering", { id: "FIBRE-1G" }],
  Order: (p: Place) => ["Order", { id: "o", createdById: SOMEONE, status: "pending_approval", currency: "GBP", totalMinor: 1_000_000, ...p }],
  "Order:own": (p: Place) => ["Order", { id: "o", createdById: ME, status: "pending_approval", currency: "GBP", totalMinor: 1_000_000, ...p }],
  ApprovalPolicy: (p: Place) => ["ApprovalPolicy", { id: "ap", ...p }],
  Bill: (p: Place) => ["Bill", { id: "b", ...p }],
  Dispute: (p: Place) => ["Dispute", { id: "d", raisedById: SOMEONE, status: "open", ...p }],
  AuditEvent: (p: Place) => ["AuditEvent", { id: "ae", ...p }],
  Ticket: (p: Place) => ["Ticket", { id: "t", raisedById: SOMEONE, ...p }],
  "Ticket:own": (p: Place) => ["Ticket", { id: "t", raisedById: ME, ...p }],
  SupportAccess: (p: Place) => ["SupportAccess", p],
  // Enterprise identity hangs on the enterprise root: only admins of the whole enterprise hold it.
  IdentityProvider: (p: Place) => ["IdentityProvider", p],
  ScimToken: (p: Place) => ["ScimToken", { id: "tok", ...p }],
  ScimGroup: (p: Place) => ["ScimGroup", { id: "grp", ...p }],
  // Mail in the development outbox hangs where its recipient's unit is.
  OutboxMessage: (p: Place) => ["OutboxMessage", { id: "m", ...p, rolePaths: rolesAt(p) }],
  Delegation: (p: Place) => ["Delegation", { id: "d", approverId: SOMEONE, delegateId: OTHER_CSP_USER, ...p }],
  "Delegation:own": (p: Place) => ["Delegation", { id: "d", approverId: ME, delegateId: SOMEONE, ...p }],
  "Delegation:delegated": (p: Place) => ["Delegation", { id: "d", approverId: SOMEONE, delegateId: ME, ...p }],
  Notification: (p: Place) => ["Notification", { id: "n", userId: SOMEONE, ...p }],
  "Notification:own": (p: Place) => ["Notification", { id: "n", userId: ME, ...p }],
  "OutboxMessage:outranking": (p: Place) => ["OutboxMessage", { id: "m", ...p, rolePaths: [...rolesAt(p), ROOT] }],
  // A new enterprise's first-admin invitation, as the onboarding CSP administrator reads it.
  "OutboxMessage:onboarding": (p: Place) => ["OutboxMessage", { id: "m", ...p, rolePaths: rolesAt(p), purpose: "onboarding_invitation" }],
} satisfies Record<string, (p: Place) => [SubjectType, Record<string, unknown>]>;
type Target = keyof typeof TARGETS;
const TARGET_NAMES = Object.keys(TARGETS) as Target[];

const SUBTREE: Position[] = ["own", "descendant"];
/** A contract covers its node's subtree: on the scope node, above it, or inside it. */
const COVERING: Position[] = ["own", "descendant", "parent"];
const EVERYWHERE: Position[] = [...POSITIONS];

type Expectations = Partial<Record<Target, Partial<Record<Action, Position[]>>>>;

/** Every principal reads the catalog and itself. */
const EVERYONE: Expectations = {
  Offering: { read: EVERYWHERE },
  "User:self": { read: EVERYWHERE },
  "Session:own": { read: EVERYWHERE, delete: EVERYWHERE },
  "Notification:own": { read: EVERYWHERE, update: EVERYWHERE },
  "Delegation:own": { read: EVERYWHERE },
  "Delegation:delegated": { read: EVERYWHERE },
  // Everyone changes their own password, and sees who looked in as them (rule 4).
  "Credential:own": { update: EVERYWHERE },
  "Impersonation:about-me": { read: EVERYWHERE },
};

/**
 * DESIGN.md's permission tables, as role → subject → action → allowed positions.
 * Notes mark where DESIGN.md is silent and the expectation is a judgement (see the report).
 */
const EXPECTED: Record<Role, Expectations> = {
  // "manage users and role assignments inside its scope; manage sites; set approval policy;
  //  read everything in scope, the audit log included" (+ rule 3: never its own assignments;
  //  no self-deactivation; + rule 4: "an enterprise admin may allow write support access").
  enterprise_admin: {
    AccountNode: { read: SUBTREE },
    User: { read: SUBTREE, export: SUBTREE, create: SUBTREE, update: SUBTREE, deactivate: SUBTREE, reactivate: SUBTREE },
    "User:self": { read: EVERYWHERE, export: SUBTREE, create: SUBTREE, update: SUBTREE },
    // Rule 3's "credentials": resetting a managed person's second factor (never someone outranking it).
    Credential: { update: SUBTREE },
    // Rule 3, no upward management: someone holding a role above the admin's scope is read, never managed.
    "User:outranking": { read: SUBTREE, export: SUBTREE },
    "User:inactive": { read: SUBTREE, export: SUBTREE, create: SUBTREE, update: SUBTREE, deactivate: SUBTREE, reactivate: SUBTREE },
    "User:support-off": { read: SUBTREE, export: SUBTREE, create: SUBTREE, update: SUBTREE, deactivate: SUBTREE, reactivate: SUBTREE },
    RoleAssignment: { read: SUBTREE, grant: SUBTREE, revoke: SUBTREE },
    "RoleAssignment:own": { read: SUBTREE },
    "RoleAssignment:outranking": { read: SUBTREE },
    Invitation: { read: SUBTREE, create: SUBTREE, update: SUBTREE, delete: SUBTREE },
    "Invitation:outranking": { read: SUBTREE },
    Session: { read: SUBTREE, delete: SUBTREE },
    "Session:outranking": {},
    Site: { read: SUBTREE, create: SUBTREE, update: SUBTREE, delete: SUBTREE },
    Service: { read: SUBTREE },
    "Contract:agreed": { read: COVERING },
    Order: { read: SUBTREE },
    "Order:own": { read: SUBTREE },
    ApprovalPolicy: { read: SUBTREE, create: SUBTREE, update: SUBTREE },
    Bill: { read: SUBTREE, export: SUBTREE },
    Dispute: { read: SUBTREE },
    AuditEvent: { read: SUBTREE, export: SUBTREE },
    Ticket: { read: SUBTREE },
    "Ticket:own": { read: SUBTREE },
    // Rule 4's consent: support access on or off, write access; and the support sessions about its people.
    SupportAccess: { read: SUBTREE, update: SUBTREE },
    Impersonation: { read: SUBTREE },
    // Issue 11: SSO, MFA policy, SCIM tokens and group mappings (the subject paths decide how wide).
    IdentityProvider: { read: SUBTREE, update: SUBTREE },
    ScimToken: { read: SUBTREE, create: SUBTREE, delete: SUBTREE },
    ScimGroup: { read: SUBTREE, update: SUBTREE },
    "Impersonation:own": { read: SUBTREE },
    // A mail may carry a link that sets the recipient's password: only for who may manage them.
    OutboxMessage: { read: SUBTREE },
    "OutboxMessage:outranking": {},
    "OutboxMessage:onboarding": { read: SUBTREE },
  },
  // "manage sites in scope; read orders and services at those sites". A site admin manages
  // sites, not people. Judgement: reading the trouble tickets of its sites (DESIGN.md silent).
  site_admin: {
    AccountNode: { read: SUBTREE },
    Site: { read: SUBTREE, create: SUBTREE, update: SUBTREE, delete: SUBTREE },
    Service: { read: SUBTREE },
    Order: { read: SUBTREE },
    "Order:own": { read: SUBTREE },
    Ticket: { read: SUBTREE },
    "Ticket:own": { read: SUBTREE },
  },
  // "create, submit and cancel its own orders against contracts covering its scope, for sites in
  //  scope; read orders in scope". Judgement: it may also edit and delete its own (draft) orders.
  orderer: {
    AccountNode: { read: SUBTREE },
    Site: { read: SUBTREE },
    "Contract:agreed": { read: COVERING },
    Order: { read: SUBTREE, create: SUBTREE },
    "Order:own": { read: SUBTREE, create: SUBTREE, update: SUBTREE, submit: SUBTREE, cancel: SUBTREE, delete: SUBTREE },
  },
  // "approve or reject orders in scope up to its approval limit; read orders in scope"
  // (+ rule 2: never its own order). The table's approver has GBP 50,000.00; the order is GBP 10,000.00.
  approver: {
    AccountNode: { read: SUBTREE },
    "Contract:agreed": { read: COVERING },
    Order: { read: SUBTREE, approve: SUBTREE },
    "Order:own": { read: SUBTREE },
    // Its own away period, wherever the row hangs (it is about the approver, not a node).
    "Delegation:own": { read: EVERYWHERE, create: EVERYWHERE, update: EVERYWHERE },
  },
  // "read bills of billing accounts in scope; export them; dispute a bill line"
  billing_viewer: {
    AccountNode: { read: SUBTREE },
    Bill: { read: SUBTREE, export: SUBTREE },
    Dispute: { read: SUBTREE, create: SUBTREE },
  },
  // "read sites and services in scope; raise and follow trouble tickets"
  technical_admin: {
    AccountNode: { read: SUBTREE },
    Site: { read: SUBTREE },
    Service: { read: SUBTREE },
    Ticket: { read: SUBTREE, create: SUBTREE },
    "Ticket:own": { read: SUBTREE, create: SUBTREE, update: SUBTREE },
  },
  // "read its assigned enterprises; draft contracts for them; impersonate their customer users"
  // (scope: the enterprise; rule 4: never CSP staff, never another account manager's enterprise).
  account_manager: {
    AccountNode: { read: SUBTREE },
    User: { read: SUBTREE, impersonate: SUBTREE },
    "User:outranking": { read: SUBTREE, impersonate: SUBTREE },
    "User:inactive": { read: SUBTREE },
    "User:support-off": { read: SUBTREE },
    // Its enterprises in the console, whether each lets it look in, and its own support sessions.
    Customer: { read: SUBTREE },
    SupportAccess: { read: SUBTREE },
    "Impersonation:own": { read: EVERYWHERE },
    RoleAssignment: { read: SUBTREE },
    "RoleAssignment:own": { read: SUBTREE },
    "RoleAssignment:outranking": { read: SUBTREE },
    Site: { read: SUBTREE },
    Service: { read: SUBTREE },
    Contract: { read: SUBTREE, create: SUBTREE },
    "Contract:own": { read: SUBTREE, create: SUBTREE, update: SUBTREE },
    // An amendment of an agreement is a new draft version: "create" on the agreement's node.
    "Contract:agreed": { read: SUBTREE, create: SUBTREE },
    Order: { read: SUBTREE, fulfil: SUBTREE },
    "Order:own": { read: SUBTREE, fulfil: SUBTREE },
    ApprovalPolicy: { read: SUBTREE },
    // Judgement: the CSP side of its enterprises' billing (payments, disputes) is the account manager's too.
    Bill: { read: SUBTREE, update: SUBTREE, export: SUBTREE },
    Dispute: { read: SUBTREE, update: SUBTREE },
    AuditEvent: { read: SUBTREE },
    Ticket: { read: SUBTREE },
    "Ticket:own": { read: SUBTREE },
  },
  // "create enterprises, assign account managers, activate contracts drafted by someone else".
  // Not scoped to a node: it sees the enterprises (and their contracts) to onboard and activate.
  // Creating an enterprise and assigning account managers have their own tests below.
  csp_admin: {
    AccountNode: { read: EVERYWHERE },
    Contract: { read: EVERYWHERE, activate: EVERYWHERE },
    "Contract:own": { read: EVERYWHERE },
    "Contract:agreed": { read: EVERYWHERE },
    // It keeps the catalog: offerings, list prices and validity.
    Offering: { read: EVERYWHERE, create: EVERYWHERE, update: EVERYWHERE },
    // It runs billing: the bill run ("create"), payments ("update"), exports, disputes.
    Bill: { read: EVERYWHERE, create: EVERYWHERE, update: EVERYWHERE, export: EVERYWHERE },
    Dispute: { read: EVERYWHERE, update: EVERYWHERE },
    // Onboarding ("create") and account managers ("update") for every enterprise; oversight of support access.
    Customer: { read: EVERYWHERE, create: EVERYWHERE, update: EVERYWHERE },
    SupportAccess: { read: EVERYWHERE },
    Impersonation: { read: EVERYWHERE },
    "Impersonation:own": { read: EVERYWHERE },
    "Impersonation:about-me": { read: EVERYWHERE },
    "OutboxMessage:onboarding": { read: EVERYWHERE },
  },
};

const isCsp = (role: Role) => role === "account_manager" || role === "csp_admin";

/** "Self" only makes sense for a customer user, whose unit is a node; CSP staff have none. */
const targetsFor = (role: Role) => TARGET_NAMES.filter((t) => !(isCsp(role) && t === "User:self"));

function assignment(role: Role, scopePath: string | null, extra: Partial<ScopedAssignment> = {}): ScopedAssignment {
  return {
    id: `a-${role}-${scopePath}`,
    role,
    scopeNodeId: scopePath ? scopePath.split("/").filter(Boolean).at(-1)! : null,
    scopePath,
    approvalLimitMinor: role === "approver" ? LIMIT : null,
    spendLimitMinor: null,
    limitCurrency: role === "approver" ? "GBP" : null,
    expiresAt: null,
    ...extra,
  };
}

function principal(assignments: ScopedAssignment[], extra: Partial<Principal> = {}): Principal {
  const customer = assignments.every((a) => !isCsp(a.role));
  return {
    userId: ME,
    name: "Me",
    email: "me@example.test",
    enterpriseId: customer ? ACME : null,
    unitNodeId: customer ? "uk" : null,
    locale: "en-GB",
    timeZone: "Europe/London",
    assignments,
    impersonation: null,
    ...extra,
  };
}

/** The principal of the table for a role: one assignment on its scope. */
function principalFor(role: Role, extra: Partial<Principal> = {}) {
  const scope = role === "csp_admin" ? null : role === "account_manager" ? "/acme/" : "/acme/uk/";
  return principal([assignment(role, scope)], extra);
}

const positionsFor = (role: Role) => (role === "account_manager" ? AROUND_ENTERPRISE : AROUND_LEGAL_ENTITY);

function subjectAt(target: Target, place: Place) {
  const [type, fields] = TARGETS[target](place);
  return asSubject(type, fields);
}

/** Where the ability allows `action` on `target`, as the list of positions (table order). */
function allowedPositions(ability: AppAbility, role: Role, target: Target, action: Action): Position[] {
  const places = positionsFor(role);
  return POSITIONS.filter((pos) => ability.can(action, subjectAt(target, places[pos])));
}

function expectedPositions(role: Role, target: Target, action: Action): Position[] {
  return EXPECTED[role][target]?.[action] ?? EVERYONE[target]?.[action] ?? [];
}

/** The whole grid for one role and target: action → allowed positions (only non-empty rows). */
function grid(get: (action: Action) => Position[]) {
  return Object.fromEntries(ACTIONS.map((a) => [a, get(a)]).filter(([, p]) => p.length > 0));
}

describe("the permission table of DESIGN.md", () => {
  it("covers every role and every subject, and lists only known targets and actions", () => {
    expect(Object.keys(EXPECTED).sort()).toEqual([...ROLES].sort());
    expect(new Set(TARGET_NAMES.map((t) => TARGETS[t](AROUND_LEGAL_ENTITY.own)[0]))).toEqual(new Set(SUBJECTS));
    for (const role of ROLES) {
      for (const [target, actions] of Object.entries(EXPECTED[role])) {
        expect(TARGET_NAMES).toContain(target);
        for (const action of Object.keys(actions!)) expect(ACTIONS).toContain(action);
      }
    }
  });

  describe.each(ROLES)("%s", (role) => {
    const ability = defineAbilityFor(principalFor(role));
    it.each(targetsFor(role))("%s: every action at own node, descendant, parent, sibling, other enterprise", (target) => {
      const actual = grid((action) => allowedPositions(ability, role, target, action));
      const expected = grid((action) => expectedPositions(role, target, action));
      expect(actual).toEqual(expected);
    });
  });
});

describe("CSP staff as targets", () => {
  const cspUser = asSubject("User", { id: OTHER_CSP_USER, path: null, enterpriseId: null });

  it("no customer role reads, changes or impersonates CSP staff", () => {
    for (const role of CUSTOMER_ROLES) {
      const ability = defineAbilityFor(principal([assignment(role, "/acme/")]));
      for (const action of ACTIONS) expect(ability.can(action, cspUser), `${role} ${action}`).toBe(false);
    }
  });

  it("an account manager never impersonates CSP staff, itself included (rule 4)", () => {
    const ability = defineAbilityFor(principalFor("account_manager"));
    expect(ability.can("impersonate", cspUser)).toBe(false);
    expect(ability.can("impersonate", asSubject("User", { id: ME, path: null, enterpriseId: null }))).toBe(false);
    expect(ability.can("read", asSubject("User", { id: ME, path: null, enterpriseId: null }))).toBe(true);
  });

  it("a CSP administrator reads CSP staff, and no customer user", () => {
    const ability = defineAbilityFor(principalFor("csp_admin"));
    expect(ability.can("read", cspUser)).toBe(true);
    expect(ability.can("read", asSubject("User", { id: SOMEONE, path: "/acme/uk/", enterpriseId: ACME }))).toBe(false);
    for (const action of ACTIONS.filter((a) => a !== "read")) expect(ability.can(action, cspUser), action).toBe(false);
  });
});

describe("approval limits (DESIGN.md: an approval limit is an amount in a currency, for that currency only)", () => {
  const order = (currency: string, totalMinor: number, createdById = SOMEONE, path = "/acme/uk/ba/lon/") =>
    asSubject("Order", { id: "o", path, enterpriseId: ACME, createdById, status: "pending_approval", currency, totalMinor });
  const approver = (limits: [number, string][], scope = "/acme/uk/") =>
    defineAbilityFor(principal(limits.map(([limit, currency], i) => assignment("approver", scope, { id: `a${i}`, approvalLimitMinor: limit, limitCurrency: currency }))));

  it("approves up to and including the limit, and refuses an amount above it", () => {
    const ability = approver([[LIMIT, "GBP"]]);
    expect(ability.can("approve", order("GBP", LIMIT))).toBe(true);
    expect(ability.can("approve", order("GBP", 1))).toBe(true);
    expect(ability.can("approve", order("GBP", LIMIT + 1))).toBe(false);
    // Above the limit it still reads the order: the refusal is a 403, not a 404.
    expect(ability.can("read", order("GBP", LIMIT + 1))).toBe(true);
  });

  it("a GBP limit does not cover EUR (or any other currency) orders, however small", () => {
    const ability = approver([[LIMIT, "GBP"]]);
    expect(ability.can("approve", order("EUR", 100))).toBe(false);
    expect(ability.can("approve", order("USD", 100))).toBe(false);
  });

  it("limits in two currencies each cover their own currency (the CFO's GBP and EUR)", () => {
    const ability = approver([[50_000_000, "GBP"], [50_000_000, "EUR"]], "/acme/");
    expect(ability.can("approve", order("GBP", 50_000_000))).toBe(true);
    expect(ability.can("approve", order("EUR", 50_000_000, SOMEONE, "/acme/de/"))).toBe(true);
    expect(ability.can("approve", order("EUR", 50_000_001, SOMEONE, "/acme/de/"))).toBe(false);
    expect(ability.can("approve", order("USD", 100))).toBe(false);
  });

  it("a limit holds only in its own assignment's scope", () => {
    const ability = defineAbilityFor(
      principal([
        assignment("approver", "/acme/uk/", { id: "big", approvalLimitMinor: 25_000_000, limitCurrency: "GBP" }),
        assignment("approver", "/acme/", { id: "small", approvalLimitMinor: 100_000, limitCurrency: "GBP" }),
      ]),
    );
    expect(ability.can("approve", order("GBP", 20_000_000, SOMEONE, "/acme/uk/ba/lon/"))).toBe(true);
    expect(ability.can("approve", order("GBP", 20_000_000, SOMEONE, "/acme/de/"))).toBe(false);
    expect(ability.can("approve", order("GBP", 100_000, SOMEONE, "/acme/de/"))).toBe(true);
  });

  it("an approver without a limit approves nothing", () => {
    const ability = defineAbilityFor(principal([assignment("approver", "/acme/uk/", { approvalLimitMinor: null, limitCurrency: null })]));
    expect(ability.can("approve", order("GBP", 1))).toBe(false);
    expect(ability.can("read", order("GBP", 1))).toBe(true);
  });

  it("no one approves an order they created (rule 2), whatever their limit or roles", () => {
    const ability = defineAbilityFor(principal([assignment("approver", "/acme/", { approvalLimitMinor: 1e12, limitCurrency: "GBP" }), assignment("orderer", "/acme/")]));
    expect(ability.can("approve", order("GBP", 1, ME))).toBe(false);
    expect(ability.can("approve", order("GBP", 1, SOMEONE))).toBe(true);
    expect(ability.can("cancel", order("GBP", 1, ME))).toBe(true);
  });
});

describe("role assignments (rule 3)", () => {
  const admin = defineAbilityFor(principalFor("enterprise_admin"));
  // Held by a London person whose only role is there.
  const ra = (role: string, userId = SOMEONE, path = "/acme/uk/ba/lon/") =>
    asSubject("RoleAssignment", { id: "ra", userId, role, path, enterpriseId: ACME, holderPath: "/acme/uk/ba/lon/", holderRolePaths: ["/acme/uk/ba/lon/"] });

  it("an admin grants and revokes every customer role inside its scope", () => {
    for (const role of CUSTOMER_ROLES) {
      expect(admin.can("grant", ra(role)), role).toBe(true);
      expect(admin.can("revoke", ra(role)), role).toBe(true);
    }
  });

  it("never grants or revokes a CSP role, even inside its scope", () => {
    for (const role of ["account_manager", "csp_admin"]) {
      expect(admin.can("grant", ra(role)), role).toBe(false);
      expect(admin.can("revoke", ra(role)), role).toBe(false);
    }
  });

  it("never on a scope above its own, nor beside it", () => {
    expect(admin.can("grant", ra("orderer", SOMEONE, "/acme/"))).toBe(false);
    expect(admin.can("grant", ra("orderer", SOMEONE, "/acme/de/"))).toBe(false);
    expect(admin.can("grant", ra("orderer", SOMEONE, "/globex/"))).toBe(false);
  });

  it("no one grants or revokes their own assignments", () => {
    const rootAdmin = defineAbilityFor(principal([assignment("enterprise_admin", "/acme/")]));
    for (const role of CUSTOMER_ROLES) {
      expect(rootAdmin.can("grant", ra(role, ME)), role).toBe(false);
      expect(rootAdmin.can("revoke", ra(role, ME)), role).toBe(false);
    }
    // …but still reads them.
    expect(rootAdmin.can("read", ra("enterprise_admin", ME))).toBe(true);
  });

  it("a CSP administrator assigns account managers, and grants nothing else", () => {
    const csp = defineAbilityFor(principalFor("csp_admin"));
    const am = (userId: string) => asSubject("RoleAssignment", { id: "ra", userId, role: "account_manager", path: "/globex/", enterpriseId: GLOBEX });
    expect(csp.can("grant", am(OTHER_CSP_USER))).toBe(true);
    expect(csp.can("revoke", am(OTHER_CSP_USER))).toBe(true);
    expect(csp.can("grant", am(ME))).toBe(false);
    for (const role of [...CUSTOMER_ROLES, "csp_admin"]) expect(csp.can("grant", ra(role)), role).toBe(false);
  });
});

describe("users", () => {
  it("an admin does not deactivate or reactivate itself, but does others in scope", () => {
    const admin = defineAbilityFor(principal([assignment("enterprise_admin", "/acme/")]));
    const self = asSubject("User", { id: ME, path: "/acme/", enterpriseId: ACME, rolePaths: ["/acme/"] });
    const other = asSubject("User", { id: SOMEONE, path: "/acme/", enterpriseId: ACME, rolePaths: ["/acme/"] });
    expect(admin.can("deactivate", self)).toBe(false);
    expect(admin.can("reactivate", self)).toBe(false);
    expect(admin.can("deactivate", other)).toBe(true);
    expect(admin.can("reactivate", other)).toBe(true);
  });

  it("a site admin manages sites, not people", () => {
    const siteAdmin = defineAbilityFor(principal([assignment("site_admin", "/acme/uk/ba/lon/")]));
    const user = asSubject("User", { id: SOMEONE, path: "/acme/uk/ba/lon/", enterpriseId: ACME });
    for (const action of ACTIONS) expect(siteAdmin.can(action, user), action).toBe(false);
    expect(siteAdmin.can("grant", asSubject("RoleAssignment", { id: "r", userId: SOMEONE, role: "orderer", path: "/acme/uk/ba/lon/", enterpriseId: ACME }))).toBe(false);
    expect(siteAdmin.can("update", asSubject("Site", { id: "s", path: "/acme/uk/ba/lon/", enterpriseId: ACME }))).toBe(true);
  });
});

describe("contracts: drafted by one CSP user, activated by another", () => {
  const contract = (draftedById: string, status = "draft") => asSubject("Contract", { id: "c", path: "/acme/", enterpriseId: ACME, status, draftedById });

  it("a CSP administrator activates a draft drafted by someone else, never its own", () => {
    const csp = defineAbilityFor(principalFor("csp_admin"));
    expect(csp.can("activate", contract(OTHER_CSP_USER))).toBe(true);
    expect(csp.can("activate", contract(ME))).toBe(false);
  });

  it("only drafts are activated", () => {
    const csp = defineAbilityFor(principalFor("csp_admin"));
    expect(csp.can("activate", contract(OTHER_CSP_USER, "active"))).toBe(false);
  });

  it("an account manager drafts and edits its own drafts, and activates nothing", () => {
    const am = defineAbilityFor(principalFor("account_manager"));
    expect(am.can("update", contract(ME))).toBe(true);
    expect(am.can("update", contract(ME, "active"))).toBe(false);
    expect(am.can("update", contract(OTHER_CSP_USER))).toBe(false);
    expect(am.can("activate", contract(OTHER_CSP_USER))).toBe(false);
    expect(am.can("activate", contract(ME))).toBe(false);
  });

  it("no customer role activates or drafts contracts", () => {
    for (const role of CUSTOMER_ROLES) {
      const ability = defineAbilityFor(principal([assignment(role, "/acme/")]));
      for (const action of ["create", "update", "activate"] as const) expect(ability.can(action, contract(OTHER_CSP_USER)), `${role} ${action}`).toBe(false);
    }
  });
});

describe("enterprises", () => {
  it("a CSP administrator creates enterprises, and no other kind of node", () => {
    const csp = defineAbilityFor(principalFor("csp_admin"));
    expect(csp.can("create", asSubject("AccountNode", { id: "n", kind: "enterprise", path: "/new/", enterpriseId: "new" }))).toBe(true);
    expect(csp.can("create", asSubject("AccountNode", { id: "n", kind: "legal_entity", path: "/acme/x/", enterpriseId: ACME }))).toBe(false);
  });

  it("no other role creates account nodes", () => {
    for (const role of ROLES.filter((r) => r !== "csp_admin")) {
      const ability = defineAbilityFor(principalFor(role));
      expect(ability.can("create", asSubject("AccountNode", { id: "n", kind: "enterprise", path: "/new/", enterpriseId: "new" })), role).toBe(false);
    }
  });
});

describe("the development outbox (mail hangs where its recipient's unit is)", () => {
  const message = (path: string | null, enterpriseId: string | null, rolePaths: string[] = path ? [path] : []) => asSubject("OutboxMessage", { id: "m", path, enterpriseId, rolePaths });

  it("an admin reads mail to people in its subtree only (an invitation link sets the recipient's password)", () => {
    const ukAdmin = defineAbilityFor(principalFor("enterprise_admin"));
    expect(ukAdmin.can("read", message("/acme/uk/ba/lon/", ACME))).toBe(true);
    expect(ukAdmin.can("read", message("/acme/uk/", ACME))).toBe(true);
    expect(ukAdmin.can("read", message("/acme/de/", ACME))).toBe(false);
    expect(ukAdmin.can("read", message("/acme/", ACME))).toBe(false);
    expect(ukAdmin.can("read", message("/globex/us/", GLOBEX))).toBe(false);
    // Mail to nobody known (no recipient unit) is read by no customer admin.
    expect(ukAdmin.can("read", message(null, ACME))).toBe(false);
    // Rule 3: mail to a London person who also holds a role on Acme is not for Acme UK's admin.
    expect(ukAdmin.can("read", message("/acme/uk/ba/lon/", ACME, ["/acme/uk/ba/lon/", "/acme/"]))).toBe(false);
    // A subject built without the recipient's roles fails closed.
    expect(ukAdmin.can("read", asSubject("OutboxMessage", { id: "m", path: "/acme/uk/", enterpriseId: ACME }))).toBe(false);
  });

  it("no other role reads the outbox", () => {
    for (const role of ROLES.filter((r) => r !== "enterprise_admin")) {
      const ability = defineAbilityFor(principalFor(role));
      expect(ability.can("read", message("/acme/uk/ba/lon/", ACME)), role).toBe(false);
    }
  });
});

describe("impersonation (rule 4)", () => {
  const readOnly = { sessionId: "s", byUserId: "am", byName: "Alex Morgan", writeAccess: false, expiresAt: new Date(Date.now() + 3_600_000) };
  const writable = { ...readOnly, writeAccess: true };
  const READS: Action[] = ACTIONS.filter((a) => !WRITE_ACTIONS.includes(a));

  describe.each(CUSTOMER_ROLES)("of a %s", (role) => {
    const plain = defineAbilityFor(principalFor(role));

    // The one thing the person sees that the account manager does not: mail that may carry a link
    // setting someone's password (an invitation in the development outbox).
    const unreadable: Target[] = ["OutboxMessage", "OutboxMessage:outranking", "OutboxMessage:onboarding"];

    it("read-only: sees exactly what the user sees (but password mail), and every write action is denied", () => {
      const ability = defineAbilityFor(principalFor(role, { impersonation: readOnly }));
      for (const target of targetsFor(role)) {
        expect(grid((a) => (READS.includes(a) ? allowedPositions(ability, role, target, a) : [])), target).toEqual(
          grid((a) => (READS.includes(a) && !unreadable.includes(target) ? allowedPositions(plain, role, target, a) : [])),
        );
        for (const action of WRITE_ACTIONS) expect(allowedPositions(ability, role, target, action), `${target} ${action}`).toEqual([]);
      }
    });

    it("with write support access: the user's writes, except approving, roles, users, credentials and impersonating", () => {
      const ability = defineAbilityFor(principalFor(role, { impersonation: writable }));
      // Creating a person grants roles; an invitation sets a password: never while impersonating.
      const people: Action[] = ["create", "update", "deactivate", "reactivate", "impersonate"];
      const never: [Target, Action[]][] = [
        ["Order", ["approve"]],
        ["RoleAssignment", ["grant", "revoke"]],
        ["User", people],
        ["User:self", people],
        ["User:inactive", people],
        ["User:support-off", people],
        ["Invitation", ["create", "update", "delete"]],
        ["Invitation:outranking", ["create", "update", "delete"]],
        ["Credential:own", ["update"]],
        ["Credential", ["update"]],
        ["OutboxMessage", ["read", "delete"]],
        ["OutboxMessage:outranking", ["read", "delete"]],
        ["OutboxMessage:onboarding", ["read", "delete"]],
        // The person's unread notifications stay unread.
        ["Notification:own", ["update"]],
        ["SupportAccess", ["update"]],
        ["IdentityProvider", ["update"]],
        ["ScimToken", ["create", "delete"]],
        ["ScimGroup", ["update"]],
        // Ending sessions is a credential matter: never while impersonating.
        ["Session", ["delete"]],
        ["Session:own", ["delete"]],
        ["Session:outranking", ["delete"]],
        ["User:outranking", people],
        ["RoleAssignment:outranking", ["grant", "revoke"]],
        // Naming who decides approvals in one's place, or changing when approval is needed, is part of approving.
        ["Delegation:own", ["create", "update"]],
        ["ApprovalPolicy", ["create", "update"]],
      ];
      for (const target of targetsFor(role)) {
        const denied = never.find(([t]) => t === target)?.[1] ?? [];
        const expected = grid((a) => (denied.includes(a) ? [] : allowedPositions(plain, role, target, a)));
        expect(grid((a) => allowedPositions(ability, role, target, a)), target).toEqual(expected);
      }
    });
  });

  it("with write access an impersonated orderer still orders, and an impersonated admin still edits sites", () => {
    const lon = { path: "/acme/uk/ba/lon/", enterpriseId: ACME };
    const orderer = defineAbilityFor(principalFor("orderer", { impersonation: writable }));
    expect(orderer.can("create", asSubject("Order", { ...lon, createdById: ME }))).toBe(true);
    expect(orderer.can("submit", asSubject("Order", { ...lon, createdById: ME }))).toBe(true);
    const admin = defineAbilityFor(principalFor("enterprise_admin", { impersonation: writable }));
    expect(admin.can("update", asSubject("Site", lon))).toBe(true);
    // …but never grants, never changes a user or its credentials, never lifts its own restriction.
    expect(admin.can("grant", asSubject("RoleAssignment", { ...lon, userId: SOMEONE, role: "orderer" }))).toBe(false);
    expect(admin.can("update", asSubject("User", { ...lon, id: SOMEONE }))).toBe(false);
    expect(admin.can("deactivate", asSubject("User", { ...lon, id: SOMEONE }))).toBe(false);
    expect(admin.can("update", asSubject("SupportAccess", { path: "/acme/uk/", enterpriseId: ACME }))).toBe(false);
  });

  describe.each(CUSTOMER_ROLES)("what pages show while viewing as a %s", (role) => {
    const own = defineAbilityFor(principalFor(role));
    const enforcing = defineAbilityFor(principalFor(role, { impersonation: readOnly }));
    const view = viewAbilityFor(principalFor(role, { impersonation: readOnly }));
    const hidden: Target[] = ["OutboxMessage", "OutboxMessage:outranking", "OutboxMessage:onboarding"];

    it("reads exactly what the enforcing ability reads", () => {
      for (const target of targetsFor(role)) {
        for (const action of READS) expect(allowedPositions(view, role, target, action), `${target} ${action}`).toEqual(allowedPositions(enforcing, role, target, action));
      }
    });

    it("shows the person's own controls (the actions refuse them), but never their password mail", () => {
      for (const target of targetsFor(role)) {
        const expected = grid((a) => (hidden.includes(target) && (a === "read" || a === "delete") ? [] : allowedPositions(own, role, target, a)));
        expect(grid((a) => allowedPositions(view, role, target, a)), target).toEqual(expected);
      }
    });
  });

  it("never impersonates from inside an impersonation, whatever roles the principal holds", () => {
    const person = asSubject("User", { id: SOMEONE, status: "active", supportAccess: true, path: "/acme/uk/", enterpriseId: ACME, rolePaths: [] });
    expect(defineAbilityFor(principalFor("account_manager")).can("impersonate", person)).toBe(true);
    expect(defineAbilityFor(principalFor("account_manager", { impersonation: writable })).can("impersonate", person)).toBe(false);
  });

  it("never changes the person's password, even with write access", () => {
    const own = asSubject("Credential", { id: ME, userId: ME, enterpriseId: ACME });
    expect(defineAbilityFor(principalFor("orderer")).can("update", own)).toBe(true);
    expect(defineAbilityFor(principalFor("orderer", { impersonation: writable })).can("update", own)).toBe(false);
  });

  it("never approves, even an approver's in-limit order with write access", () => {
    const ability = defineAbilityFor(principalFor("approver", { impersonation: writable }));
    const order = asSubject("Order", { id: "o", path: "/acme/uk/", enterpriseId: ACME, createdById: SOMEONE, currency: "GBP", totalMinor: 100, status: "pending_approval" });
    expect(ability.can("read", order)).toBe(true);
    expect(ability.can("approve", order)).toBe(false);
  });
});

describe("assignments in time", () => {
  const now = new Date("2026-06-15T12:00:00Z");
  const order = asSubject("Order", { id: "o", path: "/acme/uk/", enterpriseId: ACME, createdById: SOMEONE, currency: "GBP", totalMinor: 100, status: "pending_approval" });

  it("an expired assignment stops counting by itself", () => {
    const expired = defineAbilityFor(principal([assignment("approver", "/acme/uk/", { expiresAt: new Date("2026-06-15T11:59:59Z") })]), now);
    expect(expired.can("read", order)).toBe(false);
    expect(expired.can("approve", order)).toBe(false);
  });

  it("an assignment expiring exactly now no longer counts; one expiring later does", () => {
    expect(defineAbilityFor(principal([assignment("approver", "/acme/uk/", { expiresAt: now })]), now).can("read", order)).toBe(false);
    const later = defineAbilityFor(principal([assignment("approver", "/acme/uk/", { expiresAt: new Date("2026-06-15T12:00:01Z") })]), now);
    expect(later.can("approve", order)).toBe(true);
  });

  it("an expired assignment does not take away a live one", () => {
    const ability = defineAbilityFor(
      principal([
        assignment("approver", "/acme/uk/", { id: "old", expiresAt: new Date("2020-01-01T00:00:00Z") }),
        assignment("orderer", "/acme/uk/", { id: "live" }),
      ]),
      now,
    );
    expect(ability.can("read", order)).toBe(true);
    expect(ability.can("approve", order)).toBe(false);
  });
});

describe("deny by default", () => {
  it("a principal without assignments reads only the catalog and itself", () => {
    const ability = defineAbilityFor(principal([]));
    for (const target of TARGET_NAMES) {
      expect(grid((a) => allowedPositions(ability, "orderer", target, a)), target).toEqual(grid((a) => EVERYONE[target]?.[a] ?? []));
    }
  });

  it("an assignment whose scope node is gone grants nothing", () => {
    const ability = defineAbilityFor(principal([assignment("enterprise_admin", null)]));
    expect(ability.can("read", asSubject("AccountNode", { id: "n", path: "/acme/", enterpriseId: ACME }))).toBe(false);
  });

  it("a path that merely starts with the same characters is not inside the scope", () => {
    const ability = defineAbilityFor(principal([assignment("enterprise_admin", "/acme/uk/")]));
    expect(ability.can("read", asSubject("Site", { id: "s", path: "/acme/ukraine/", enterpriseId: ACME }))).toBe(false);
    expect(ability.can("read", asSubject("Site", { id: "s", path: "/acme/uk/x/", enterpriseId: ACME }))).toBe(true);
  });
});

describe("unknown roles", () => {
  it("throw instead of granting or silently denying", () => {
    expect(() => defineAbilityFor(principal([assignment("superuser" as Role, "/acme/")]))).toThrow(/Unknown role: superuser/);
  });

  // A role named like an Object.prototype member must not find an inherited function.
  it("throw even when named like a built-in property", () => {
    expect(() => defineAbilityFor(principal([assignment("toString" as Role, "/acme/")]))).toThrow(/Unknown role/);
  });
});

describe("a session that must enrol a second factor first (lib/mfa/rules.ts)", () => {
  it("may only change its own credentials and read itself, whatever its roles", () => {
    for (const role of ROLES) {
      const ability = defineAbilityFor(principalFor(role, { mfaEnrolmentRequired: true }));
      expect(ability.can("update", asSubject("Credential", { id: ME, userId: ME, enterpriseId: ACME })), role).toBe(true);
      expect(ability.can("read", asSubject("User", { id: ME })), role).toBe(true);
      for (const action of ACTIONS) {
        for (const subject of SUBJECTS) {
          if ((action === "update" && subject === "Credential") || (action === "read" && subject === "User")) continue;
          expect(ability.can(action, subject), `${role} ${action} ${subject}`).toBe(false);
        }
      }
      expect(ability.can("update", asSubject("Credential", { id: SOMEONE, userId: SOMEONE, path: "/acme/uk/", rolePaths: [] })), role).toBe(false);
    }
  });
});
