import Link from "next/link";
import { ImpersonationBanner } from "@/components/impersonation/impersonation-banner";
import { BellSlot } from "@/components/shell/bell-slot";
import { Sidebar } from "@/components/shell/sidebar";
import { UserMenu } from "@/components/shell/user-menu";
import { requireContext } from "@/lib/auth/principal";
import { ROLE_LABELS } from "@/lib/authz/vocabulary";
import { navigationFor } from "@/lib/navigation";

export default async function PortalLayout({ children }: { children: React.ReactNode }) {
  const { principal, ability } = await requireContext();
  const roles = principal.assignments.map((a) => ({
    label: ROLE_LABELS[a.role],
    scope: a.scopeName ?? "CSP",
  }));
  const scopes = [...new Set(roles.map((r) => r.scope))];
  return (
    <div className="flex min-h-screen">
      <aside className="hidden w-60 shrink-0 border-r border-slate-200 bg-white md:block">
        <div className="flex h-14 items-center gap-2 border-b border-slate-200 px-5">
          <span aria-hidden className="flex size-7 items-center justify-center rounded-md bg-brand-600 text-sm font-bold text-white">T</span>
          <Link href="/dashboard" className="text-base font-semibold tracking-tight">
            Trellis
          </Link>
        </div>
        <Sidebar groups={navigationFor(ability)} />
      </aside>
      <div className="flex min-w-0 flex-1 flex-col">
        {principal.impersonation ? (
          <ImpersonationBanner
            name={principal.name}
            email={principal.email}
            reason={principal.impersonation.reason ?? ""}
            expiresAt={principal.impersonation.expiresAt.toISOString()}
            writeAccess={principal.impersonation.writeAccess}
          />
        ) : null}
        <header className="flex h-14 items-center justify-between gap-4 border-b border-slate-200 bg-white px-4 md:px-8">
          <div className="flex min-w-0 items-center gap-2 text-sm">
            <span className="text-slate-500">Scope</span>
            <span className="truncate font-medium text-slate-800" data-testid="current-scope">
              {scopes.length ? scopes.join(", ") : "No scope"}
            </span>
          </div>
          <div className="flex items-center gap-1">
            <BellSlot />
            <UserMenu name={principal.name} email={principal.email} roles={roles} />
          </div>
        </header>
        <main className="mx-auto w-full max-w-7xl flex-1 px-4 py-6 md:px-8">{children}</main>
      </div>
    </div>
  );
}
