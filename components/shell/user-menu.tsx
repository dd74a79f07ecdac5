"use client";

import { ChevronDown, LogOut, UserCog } from "lucide-react";
import Link from "next/link";
import { DropdownMenu } from "radix-ui";
import { useTransition } from "react";

export type UserMenuProps = {
  name: string;
  email: string;
  roles: { label: string; scope: string }[];
};

async function signOut() {
  await fetch("/api/session/sign-out", { method: "POST" });
  // A full load, not a client navigation: nothing of the signed-in session may stay in the router cache.
  // eslint-disable-next-line @next/next/no-location-assign-relative-destination
  window.location.assign("/login");
}

export function UserMenu({ name, email, roles }: UserMenuProps) {
  const [signingOut, startSignOut] = useTransition();
  const initials = name
    .split(/\s+/)
    .map((p) => p[0])
    .join("")
    .slice(0, 2)
    .toUpperCase();
  return (
    // Not modal: a modal menu hides the rest of the page from assistive technology while its links
    // stay focusable (axe: aria-hidden-focus); a menu closes on Escape or a click outside anyway.
    <DropdownMenu.Root modal={false}>
      <DropdownMenu.Trigger asChild>
        <button type="button" aria-label="User menu" className="flex items-center gap-2 rounded-md px-2 py-1 text-sm hover:bg-slate-100">
          <span aria-hidden className="flex size-7 items-center justify-center rounded-full bg-brand-600 text-xs font-semibold text-white">
            {initials}
          </span>
          <span className="hidden font-medium text-slate-700 sm:inline">{name}</span>
          <ChevronDown aria-hidden className="size-4 text-slate-400" />
        </button>
      </DropdownMenu.Trigger>
      <DropdownMenu.Portal>
        <DropdownMenu.Content align="end" sideOffset={6} className="z-50 w-72 rounded-lg border border-slate-200 bg-white p-1 shadow-lg">
          <div className="px-3 py-2">
            <p className="text-sm font-medium text-slate-900">{name}</p>
            <p className="text-xs text-slate-500">{email}</p>
          </div>
          <DropdownMenu.Separator className="my-1 h-px bg-slate-100" />
          <DropdownMenu.Label className="px-3 pt-1 text-xs font-semibold uppercase tracking-wide text-slate-500">Roles</DropdownMenu.Label>
          {/* Plain text, not a list: a menu may contain only items, groups and separators. */}
          <div className="px-3 py-1.5 text-sm">
            {roles.length === 0 ? <p className="text-slate-500">No roles</p> : null}
            {roles.map((r, i) => (
              <p key={i} className="flex justify-between gap-2 py-0.5">
                <span className="text-slate-700">{r.label}</span>
                <span className="truncate text-slate-500">{r.scope}</span>
              </p>
            ))}
          </div>
          <DropdownMenu.Separator className="my-1 h-px bg-slate-100" />
          <DropdownMenu.Item asChild className="flex w-full cursor-pointer items-center gap-2 rounded-md px-3 py-1.5 text-sm text-slate-700 outline-none data-[highlighted]:bg-slate-100">
            <Link href="/me">
              <UserCog aria-hidden className="size-4" />
              Your account and sessions
            </Link>
          </DropdownMenu.Item>
          <DropdownMenu.Item
            disabled={signingOut}
            onSelect={() => startSignOut(signOut)}
            className="flex w-full cursor-pointer items-center gap-2 rounded-md px-3 py-1.5 text-sm text-slate-700 outline-none data-[highlighted]:bg-slate-100"
          >
            <LogOut aria-hidden className="size-4" />
            {signingOut ? "Signing out…" : "Sign out"}
          </DropdownMenu.Item>
        </DropdownMenu.Content>
      </DropdownMenu.Portal>
    </DropdownMenu.Root>
  );
}
