/**
 * The demo data of DESIGN.md, as plain data. Every demo user's password is `trellis-demo`
 * (a clearly marked demo value). Dates are fixed so that the seed is deterministic.
 */
export const DEMO_PASSWORD = "trellis-demo";
/** bcrypt salt fixed for the demo only, so two seeds leave byte-identical rows. */
export const DEMO_BCRYPT_SALT = "$2b$10$trellisdemosaltonly.00";

/** Bills cover the six whole months before this date. */
export const DEMO_NOW = new Date("2026-11-01T00:00:00Z");

export type NodeSeed = {
  key: string;
  kind: "enterprise" | "legal_entity" | "billing_account" | "sub_account";
  name: string;
  code?: string;
  children?: NodeSeed[];
  currency?: string;
  countryCode?: string;
  registrationNumber?: string;
  taxId?: string;
  subAccountKind?: "department" | "cost_centre" | "project" | "site";
  site?: { name: string; line1: string; city: string; postcode: string; countryCode: string; region?: string; contact: [string, string, string] };
};

const billing = (key: string, name: string, currency: string, children: NodeSeed[], code: string): NodeSeed => ({
  key,
  kind: "billing_account",
  name,
  currency,
  code,
  children,
});

export const TREES: NodeSeed[] = [
  {
    key: "acme",
    kind: "enterprise",
    name: "Acme Corp",
    code: "ACME",
    children: [
      {
        key: "acme-uk",
        kind: "legal_entity",
        name: "Acme UK Ltd",
        currency: "GBP",
        countryCode: "GB",
        registrationNumber: "01234567",
        taxId: "GB123456789",
        children: [
          billing("acme-uk-ba", "Acme UK Billing", "GBP", [
            { key: "london", kind: "sub_account", name: "London HQ", code: "UK-LON", subAccountKind: "site", site: { name: "London HQ", line1: "1 Canada Square", city: "London", postcode: "E14 5AB", countryCode: "GB", contact: ["Priya Shah", "priya.shah@acme.example", "+44 20 7946 0001"] } },
            { key: "manchester", kind: "sub_account", name: "Manchester Branch", code: "UK-MAN", subAccountKind: "site", site: { name: "Manchester Branch", line1: "100 Deansgate", city: "Manchester", postcode: "M3 2GP", countryCode: "GB", contact: ["Tom Briggs", "tom.briggs@acme.example", "+44 161 496 0002"] } },
            { key: "edinburgh", kind: "sub_account", name: "Edinburgh Data Centre", code: "UK-EDI", subAccountKind: "site", site: { name: "Edinburgh Data Centre", line1: "7 South Gyle Crescent", city: "Edinburgh", postcode: "EH12 9EB", countryCode: "GB", region: "Scotland", contact: ["Fiona Reid", "fiona.reid@acme.example", "+44 131 496 0003"] } },
          ], "ACME-UK-001"),
        ],
      },
      {
        key: "acme-de",
        kind: "legal_entity",
        name: "Acme Germany GmbH",
        currency: "EUR",
        countryCode: "DE",
        registrationNumber: "HRB 123456",
        taxId: "DE123456789",
        children: [
          billing("acme-de-ba", "Acme Germany Billing", "EUR", [
            { key: "berlin", kind: "sub_account", name: "Berlin Office", code: "DE-BER", subAccountKind: "site", site: { name: "Berlin Office", line1: "Friedrichstraße 68", city: "Berlin", postcode: "10117", countryCode: "DE", contact: ["Jonas Weber", "jonas.weber@acme.example", "+49 30 1234 5601"] } },
            { key: "munich", kind: "sub_account", name: "Munich Plant", code: "DE-MUC", subAccountKind: "site", site: { name: "Munich Plant", line1: "Lilienthalallee 40", city: "München", postcode: "80939", countryCode: "DE", region: "Bayern", contact: ["Anna Becker", "anna.becker@acme.example", "+49 89 1234 5602"] } },
          ], "ACME-DE-001"),
        ],
      },
    ],
  },
  {
    key: "globex",
    kind: "enterprise",
    name: "Globex Inc",
    code: "GLOBEX",
    children: [
      {
        key: "globex-us",
        kind: "legal_entity",
        name: "Globex Corporation LLC",
        currency: "USD",
        countryCode: "US",
        registrationNumber: "DE-7654321",
        taxId: "US-98-7654321",
        children: [
          billing("globex-ba", "Globex Billing", "USD", [
            { key: "globex-springfield", kind: "sub_account", name: "Springfield Campus", code: "US-SPR", subAccountKind: "site", site: { name: "Springfield Campus", line1: "742 Evergreen Terrace", city: "Springfield", postcode: "49007", countryCode: "US", region: "OR", contact: ["Hank Scorpio", "hank@globex.example", "+1 555 0100"] } },
            { key: "globex-rd", kind: "sub_account", name: "Research & Development", code: "US-RND", subAccountKind: "department", site: { name: "Cypress Creek Lab", line1: "1 Cypress Creek Road", city: "Cypress Creek", postcode: "97301", countryCode: "US", region: "OR", contact: ["Frank Grimes", "frank@globex.example", "+1 555 0101"] } },
          ], "GLOBEX-001"),
        ],
      },
    ],
  },
];

export type UserSeed = {
  email: string;
  name: string;
  unit: string | null;
  enterprise: string | null;
  assignments: { role: string; scope: string | null; approvalLimit?: [number, string]; spendLimit?: [number, string] }[];
};

export const USERS: UserSeed[] = [
  { email: "csp.admin@csp.example", name: "Casey Park", unit: null, enterprise: null, assignments: [{ role: "csp_admin", scope: null }] },
  { email: "am@csp.example", name: "Alex Morgan", unit: null, enterprise: null, assignments: [{ role: "account_manager", scope: "acme" }] },
  { email: "admin@acme.example", name: "Ada Admin", unit: "acme", enterprise: "acme", assignments: [{ role: "enterprise_admin", scope: "acme" }] },
  { email: "uk.admin@acme.example", name: "Uma Kent", unit: "acme-uk", enterprise: "acme", assignments: [{ role: "enterprise_admin", scope: "acme-uk" }] },
  { email: "orderer@acme.example", name: "Oliver Ord", unit: "london", enterprise: "acme", assignments: [{ role: "orderer", scope: "acme-uk", spendLimit: [2_500_000, "GBP"] }] },
  { email: "approver@acme.example", name: "April Prover", unit: "acme-uk", enterprise: "acme", assignments: [{ role: "approver", scope: "acme-uk", approvalLimit: [5_000_000, "GBP"] }] },
  { email: "finance@acme.example", name: "Fin Ance", unit: "acme-uk", enterprise: "acme", assignments: [{ role: "approver", scope: "acme-uk", approvalLimit: [25_000_000, "GBP"] }] },
  {
    email: "cfo@acme.example",
    name: "Clara Fo",
    unit: "acme",
    enterprise: "acme",
    assignments: [
      { role: "approver", scope: "acme", approvalLimit: [50_000_000, "GBP"] },
      { role: "approver", scope: "acme", approvalLimit: [50_000_000, "EUR"] },
    ],
  },
  { email: "billing@acme.example", name: "Bill Ing", unit: "acme-uk-ba", enterprise: "acme", assignments: [{ role: "billing_viewer", scope: "acme-uk-ba" }] },
  { email: "de.billing@acme.example", name: "Dieter Billing", unit: "acme-de-ba", enterprise: "acme", assignments: [{ role: "billing_viewer", scope: "acme-de-ba" }] },
  { email: "siteadmin@acme.example", name: "Sita Admin", unit: "manchester", enterprise: "acme", assignments: [{ role: "site_admin", scope: "manchester" }] },
  { email: "admin@globex.example", name: "Glen Globex", unit: "globex", enterprise: "globex", assignments: [{ role: "enterprise_admin", scope: "globex" }] },
];

/**
 * The CSP catalog: list prices per currency (minor units; one-off, monthly recurring) and the
 * period each offering can be contracted and ordered (inclusive; open-ended without `validTo`).
 */
export const OFFERINGS: { code: string; name: string; category: string; unit: string; description: string; prices: Record<string, [number, number]>; validFrom?: string; validTo?: string; isActive?: boolean }[] = [
  { code: "FIBRE-1G", name: "Business Fibre 1 Gbps", category: "Connectivity", unit: "line", description: "Dedicated symmetric fibre with 4-hour fix.", prices: { GBP: [50_000, 45_000], EUR: [60_000, 52_000], USD: [65_000, 58_000] } },
  { code: "DIA-1G", name: "Dedicated Internet Access 1 Gbit/s", category: "Connectivity", unit: "circuit", description: "Uncontended internet with a /29 of public addresses and DDoS protection.", prices: { GBP: [75_000, 62_000], EUR: [85_000, 71_000] }, validFrom: "2026-01-01" },
  { code: "SDWAN-EDGE", name: "SD-WAN Edge", category: "Networking", unit: "device", description: "Managed SD-WAN appliance with central policy.", prices: { GBP: [30_000, 12_000], EUR: [35_000, 14_000], USD: [38_000, 15_000] } },
  { code: "MOBILE-VOICE", name: "Mobile Voice & Data", category: "Mobile", unit: "SIM", description: "Unlimited calls, 50 GB data, EU roaming.", prices: { GBP: [0, 2_500], EUR: [0, 2_900], USD: [0, 3_200] } },
  { code: "SIP-TRUNK", name: "SIP Trunk (30 channels)", category: "Voice", unit: "trunk", description: "Cloud voice trunk with number porting.", prices: { GBP: [20_000, 18_000], EUR: [23_000, 21_000], USD: [25_000, 22_000] } },
  { code: "FIREWALL", name: "Managed Firewall", category: "Security", unit: "site", description: "Next-generation firewall, managed 24/7.", prices: { GBP: [40_000, 30_000], EUR: [46_000, 35_000], USD: [50_000, 38_000] } },
  { code: "ISDN-30", name: "ISDN30 Primary Rate", category: "Voice", unit: "bearer", description: "Legacy primary-rate ISDN, replaced by SIP trunks.", prices: { GBP: [15_000, 16_000], EUR: [17_000, 18_500] }, validTo: "2025-12-31", isActive: false },
];

type ContractPrice = { offering: string; currency: string; oneOff: number; recurring: number; bands?: [number, number][]; committed?: number };

/**
 * The Acme framework contract's negotiated prices (one-off, recurring), volume bands and committed
 * quantities, as in force: version 2 of CTR-ACME-2025-001 (see CONTRACT_VERSIONS).
 */
export const CONTRACT_PRICES: ContractPrice[] = [
  { offering: "FIBRE-1G", currency: "GBP", oneOff: 0, recurring: 39_000, bands: [[5, 36_000], [10, 33_000]], committed: 8 },
  { offering: "FIBRE-1G", currency: "EUR", oneOff: 0, recurring: 45_000, bands: [[5, 42_000]], committed: 2 },
  { offering: "SDWAN-EDGE", currency: "GBP", oneOff: 25_000, recurring: 10_000, committed: 4 },
  { offering: "SDWAN-EDGE", currency: "EUR", oneOff: 29_000, recurring: 11_500 },
  { offering: "MOBILE-VOICE", currency: "GBP", oneOff: 0, recurring: 2_000, bands: [[50, 1_700], [200, 1_500]], committed: 150 },
  { offering: "MOBILE-VOICE", currency: "EUR", oneOff: 0, recurring: 2_300, bands: [[50, 1_950]], committed: 80 },
  { offering: "SIP-TRUNK", currency: "GBP", oneOff: 15_000, recurring: 15_000 },
  { offering: "FIREWALL", currency: "GBP", oneOff: 30_000, recurring: 25_000, committed: 2 },
  { offering: "FIREWALL", currency: "EUR", oneOff: 35_000, recurring: 29_000 },
];

/**
 * The versions of Acme's framework contract (reference CTR-ACME-2025-001), drafted by the account
 * manager and activated by the CSP administrator: version 1 (Silver, net 30, no commitments) was
 * superseded by the amendment version 2 (Gold, net 60, committed volumes, a third mobile band),
 * which is in force and is what the demo orders are priced from. Version 3, an amendment adding
 * dedicated internet access, a lower firewall price and a year more, waits in draft for activation.
 */
export const CONTRACT_VERSIONS: {
  version: number;
  key: string;
  status: "superseded" | "active" | "draft";
  slaTier: string;
  paymentTerms: "net_30" | "net_60" | "net_90";
  endsOn: string;
  note: string;
  createdAt: string;
  activatedAt?: string;
  supersededAt?: string;
  prices: ContractPrice[];
}[] = [
  {
    version: 1,
    key: "contract:acme-framework:v1",
    status: "superseded",
    slaTier: "Silver",
    paymentTerms: "net_30",
    endsOn: "2027-12-31",
    note: "Three-year framework agreement for Acme Corp and its legal entities.",
    createdAt: "2024-12-15T10:00:00Z",
    activatedAt: "2024-12-20T10:00:00Z",
    supersededAt: "2026-03-02T09:00:00Z",
    prices: CONTRACT_PRICES.map(({ committed: _, ...p }) => ({ ...p, bands: p.bands?.filter(([q]) => q < 200) })),
  },
  {
    version: 2,
    key: "contract:acme-framework",
    status: "active",
    slaTier: "Gold",
    paymentTerms: "net_60",
    endsOn: "2027-12-31",
    note: "Amendment 1: Gold SLA, net 60 payment terms, committed volumes and a third mobile band.",
    createdAt: "2026-02-20T14:00:00Z",
    activatedAt: "2026-03-02T09:00:00Z",
    prices: CONTRACT_PRICES,
  },
  {
    version: 3,
    key: "contract:acme-framework:v3",
    status: "draft",
    slaTier: "Gold",
    paymentTerms: "net_60",
    endsOn: "2028-12-31",
    note: "Amendment 2: dedicated internet access, a lower managed firewall price, term extended by a year.",
    createdAt: "2026-10-26T16:30:00Z",
    prices: [
      ...CONTRACT_PRICES.map((p) => (p.offering === "FIREWALL" && p.currency === "GBP" ? { ...p, recurring: 24_000 } : p)),
      { offering: "DIA-1G", currency: "GBP", oneOff: 50_000, recurring: 55_000, bands: [[3, 52_000]], committed: 2 },
    ],
  },
];

/** Installed services (before any demo order): sub-account, offering, quantity, activation date. */
export const INSTALLED: { node: string; offering: string; quantity: number; activatedAt: string; terminatedAt?: string }[] = [
  { node: "london", offering: "FIBRE-1G", quantity: 2, activatedAt: "2025-01-15" },
  { node: "london", offering: "MOBILE-VOICE", quantity: 120, activatedAt: "2025-02-01" },
  { node: "london", offering: "SIP-TRUNK", quantity: 2, activatedAt: "2025-03-10" },
  { node: "manchester", offering: "FIBRE-1G", quantity: 1, activatedAt: "2025-04-01" },
  { node: "manchester", offering: "SDWAN-EDGE", quantity: 1, activatedAt: "2026-07-18" },
  { node: "edinburgh", offering: "FIBRE-1G", quantity: 2, activatedAt: "2025-06-01" },
  { node: "edinburgh", offering: "FIREWALL", quantity: 2, activatedAt: "2025-06-01" },
  { node: "berlin", offering: "FIBRE-1G", quantity: 1, activatedAt: "2025-05-01" },
  { node: "berlin", offering: "MOBILE-VOICE", quantity: 60, activatedAt: "2025-05-01" },
  { node: "munich", offering: "SDWAN-EDGE", quantity: 3, activatedAt: "2026-06-10" },
  { node: "munich", offering: "MOBILE-VOICE", quantity: 25, activatedAt: "2025-08-01", terminatedAt: "2026-09-20" },
  { node: "globex-springfield", offering: "FIBRE-1G", quantity: 1, activatedAt: "2025-09-01" },
  { node: "globex-rd", offering: "SDWAN-EDGE", quantity: 2, activatedAt: "2025-09-01" },
];

/** Demo orders by orderer@acme.example for London HQ, one in every state. */
export const ORDERS: {
  number: string;
  status: "draft" | "submitted" | "pending_approval" | "approved" | "rejected" | "in_progress" | "completed" | "cancelled";
  po: string;
  createdAt: string;
  lines: { offering: string; quantity: number }[];
  decisions?: { level: number; by: string; decision: "approved" | "rejected"; comment: string }[];
}[] = [
  { number: "ORD-1001", status: "draft", po: "PO-77001", createdAt: "2026-10-28T09:12:00Z", lines: [{ offering: "MOBILE-VOICE", quantity: 10 }] },
  { number: "ORD-1002", status: "submitted", po: "PO-77002", createdAt: "2026-10-27T10:00:00Z", lines: [{ offering: "SDWAN-EDGE", quantity: 1 }] },
  { number: "ORD-1003", status: "pending_approval", po: "PO-77003", createdAt: "2026-10-25T14:30:00Z", lines: [{ offering: "FIBRE-1G", quantity: 3 }, { offering: "FIREWALL", quantity: 1 }] },
  { number: "ORD-1004", status: "approved", po: "PO-77004", createdAt: "2026-10-20T08:45:00Z", lines: [{ offering: "MOBILE-VOICE", quantity: 60 }], decisions: [{ level: 1, by: "approver@acme.example", decision: "approved", comment: "Headcount growth in Q4." }] },
  { number: "ORD-1005", status: "rejected", po: "PO-77005", createdAt: "2026-10-18T16:20:00Z", lines: [{ offering: "FIREWALL", quantity: 4 }], decisions: [{ level: 1, by: "approver@acme.example", decision: "rejected", comment: "Covered by the Edinburgh firewalls; please re-scope." }] },
  { number: "ORD-1006", status: "in_progress", po: "PO-77006", createdAt: "2026-10-10T11:05:00Z", lines: [{ offering: "SIP-TRUNK", quantity: 1 }] },
  { number: "ORD-1007", status: "completed", po: "PO-77007", createdAt: "2026-08-05T09:30:00Z", lines: [{ offering: "SDWAN-EDGE", quantity: 2 }] },
  { number: "ORD-1008", status: "cancelled", po: "PO-77008", createdAt: "2026-09-14T13:00:00Z", lines: [{ offering: "FIBRE-1G", quantity: 1 }] },
];

/** Acme Corp's approval policy: two thresholds in the order's currency (10,000 and 100,000). */
export const ACME_THRESHOLDS = [1_000_000, 10_000_000];
