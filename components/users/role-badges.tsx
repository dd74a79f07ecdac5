import { Badge } from "@/components/ui/badge";
import { ROLE_LABELS, type Role } from "@/lib/authz/vocabulary";

/** A user's roles in force, each with the node it holds on. */
export function RoleBadges({ roles, max = 3 }: { roles: { role: Role; scopeName: string | null }[]; max?: number }) {
  if (roles.length === 0) return <span className="text-slate-500">No roles</span>;
  const shown = roles.slice(0, max);
  return (
    <ul className="flex flex-wrap gap-1" aria-label="Roles">
      {shown.map((r, i) => (
        <li key={i}>
          <Badge tone={r.role === "enterprise_admin" ? "violet" : "blue"}>
            {ROLE_LABELS[r.role]}
            <span className="ml-1 font-normal">· {r.scopeName ?? "CSP"}</span>
          </Badge>
        </li>
      ))}
      {roles.length > max ? (
        <li>
          <Badge>+{roles.length - max} more</Badge>
        </li>
      ) : null}
    </ul>
  );
}
