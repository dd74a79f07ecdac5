"use client";

import { ChevronDown, LogOut, UserCog } from "lucide-react";
import Link from "next/link";
import { useEffect, useId, useRef, useState, useTransition } from "react";

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

const ITEM = "flex w-full cursor-pointer items-center gap-2 rounded-md px-3 py-1.5 text-left text-sm text-slate-700 outline-none hover:bg-slate-100 focus-visible:bg-slate-100 disabled:cursor-wait";

/**
 * The top bar's user menu, after the WAI-ARIA menu button pattern, written out rather than taken
 * from a menu library, which cost about 30 kB gzipped on every page: the button opens it, focus
 * moves to the first item, arrows, Home and End move between items, Escape closes it and returns
 * focus to the button, Tab or a click elsewhere closes it. Who you are and your roles sit above
 * the menu, as text (a menu may hold only items).
 */
export function UserMenu({ name, email, roles }: UserMenuProps) {
  const [signingOut, startSignOut] = useTransition();
  const [open, setOpen] = useState(false);
  const id = useId();
  const button = useRef<HTMLButtonElement>(null);
  const panel = useRef<HTMLDivElement>(null);
  const initials = name
    .split(/\s+/)
    .map((p) => p[0])
    .join("")
    .slice(0, 2)
    .toUpperCase();

  const items = () => Array.from(panel.current?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? []);
  const close = (refocus: boolean) => {
    setOpen(false);
    if (refocus) button.current?.focus();
  };

  useEffect(() => {
    if (!open) return;
    items()[0]?.focus();
    const outside = (event: PointerEvent) => {
      const target = event.target as Node;
      if (!panel.current?.contains(target) && !button.current?.contains(target)) setOpen(false);
    };
    document.addEventListener("pointerdown", outside);
    return () => document.removeEventListener("pointerdown", outside);
  }, [open]);

  const onKeyDown = (event: React.KeyboardEvent) => {
    const list = items();
    const at = list.indexOf(document.activeElement as HTMLElement);
    const move = (i: number) => list[(i + list.length) % list.length]?.focus();
    if (event.key === "Escape") close(true);
    else if (event.key === "Tab") setOpen(false);
    else if (event.key === "ArrowDown") move(at + 1);
    else if (event.key === "ArrowUp") move(at - 1);
    else if (event.key === "Home") move(0);
    else if (event.key === "End") move(list.length - 1);
    else return;
    if (event.key !== "Tab") event.preventDefault();
  };

  return (
    <div className="relative">
      <button
        ref={button}
        type="button"
        aria-label="User menu"
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? `${id}-menu` : undefined}
        onClick={() => setOpen((v) => !v)}
        onKeyDown={(event) => {
          if (event.key === "ArrowDown" && !open) {
            event.preventDefault();
            setOpen(true);
          }
        }}
        className="flex items-center gap-2 rounded-md px-2 py-1 text-sm hover:bg-slate-100"
      >
        <span aria-hidden className="flex size-7 items-center justify-center rounded-full bg-brand-600 text-xs font-semibold text-white">
          {initials}
        </span>
        <span className="hidden font-medium text-slate-700 sm:inline">{name}</span>
        <ChevronDown aria-hidden className="size-4 text-slate-400" />
      </button>
      {open ? (
        <div ref={panel} onKeyDown={onKeyDown} className="absolute right-0 z-50 mt-1.5 w-72 rounded-lg border border-slate-200 bg-white p-1 shadow-lg">
          <div className="px-3 py-2">
            <p className="text-sm font-medium text-slate-900">{name}</p>
            <p className="text-xs text-slate-500">{email}</p>
          </div>
          <div className="my-1 h-px bg-slate-100" />
          <p className="px-3 pt-1 text-xs font-semibold uppercase tracking-wide text-slate-500">Roles</p>
          <div className="px-3 py-1.5 text-sm">
            {roles.length === 0 ? <p className="text-slate-500">No roles</p> : null}
            {roles.map((r, i) => (
              <p key={i} className="flex justify-between gap-2 py-0.5">
                <span className="text-slate-700">{r.label}</span>
                <span className="truncate text-slate-500">{r.scope}</span>
              </p>
            ))}
          </div>
          <div className="my-1 h-px bg-slate-100" />
          <div id={`${id}-menu`} role="menu" aria-label={`${name}: account`}>
            <Link href="/me" role="menuitem" tabIndex={-1} className={ITEM} onClick={() => setOpen(false)}>
              <UserCog aria-hidden className="size-4" />
              Your account and sessions
            </Link>
            <button type="button" role="menuitem" tabIndex={-1} disabled={signingOut} onClick={() => startSignOut(signOut)} className={ITEM}>
              <LogOut aria-hidden className="size-4" />
              {signingOut ? "Signing out…" : "Sign out"}
            </button>
          </div>
        </div>
      ) : null}
    </div>
  );
}
