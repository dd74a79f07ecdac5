"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Bell } from "lucide-react";
import Link from "next/link";
import { useEffect, useId, useRef, useState } from "react";
import { QueryProvider } from "@/components/query-provider";
import type { NotificationItem } from "@/lib/notifications/queries";

type Data = { unread: number; items: NotificationItem[] };

async function load(): Promise<Data> {
  const res = await fetch("/api/notifications", { headers: { accept: "application/json" } });
  if (!res.ok) throw new Error(`notifications: ${res.status}`);
  return res.json();
}

async function markRead(ids: string[] | "all") {
  await fetch("/api/notifications", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ ids }) });
}

function when(iso: string) {
  return new Intl.DateTimeFormat(undefined, { day: "numeric", month: "short", hour: "2-digit", minute: "2-digit" }).format(new Date(iso));
}

function BellPanel() {
  const client = useQueryClient();
  const { data } = useQuery({ queryKey: ["notifications"], queryFn: load, refetchInterval: 30_000, refetchOnWindowFocus: true });
  const read = useMutation({ mutationFn: markRead, onSuccess: () => client.invalidateQueries({ queryKey: ["notifications"] }) });
  const [open, setOpen] = useState(false);
  const id = useId();
  const button = useRef<HTMLButtonElement>(null);
  const panel = useRef<HTMLDivElement>(null);
  const unread = data?.unread ?? 0;

  useEffect(() => {
    if (!open) return;
    const outside = (event: PointerEvent) => {
      const target = event.target as Node;
      if (!panel.current?.contains(target) && !button.current?.contains(target)) setOpen(false);
    };
    document.addEventListener("pointerdown", outside);
    return () => document.removeEventListener("pointerdown", outside);
  }, [open]);

  return (
    <div className="relative">
      <button
        ref={button}
        type="button"
        aria-label={unread ? `Notifications, ${unread} unread` : "Notifications"}
        aria-expanded={open}
        aria-controls={`${id}-panel`}
        onClick={() => setOpen((v) => !v)}
        className="relative rounded-md p-2 text-slate-600 hover:bg-slate-100"
      >
        <Bell aria-hidden className="size-5" />
        {unread ? (
          <span aria-hidden className="absolute -right-0.5 -top-0.5 flex min-w-5 items-center justify-center rounded-full bg-rose-600 px-1 text-xs font-semibold text-white">
            {unread > 99 ? "99+" : unread}
          </span>
        ) : null}
      </button>
      <div
        ref={panel}
        id={`${id}-panel`}
        hidden={!open}
        onKeyDown={(e) => {
          if (e.key === "Escape") {
            setOpen(false);
            button.current?.focus();
          }
        }}
        className="absolute right-0 z-50 mt-1.5 w-80 rounded-lg border border-slate-200 bg-white shadow-lg"
      >
        <div className="flex items-center justify-between border-b border-slate-100 px-4 py-2">
          <h2 className="text-sm font-semibold text-slate-900">Notifications</h2>
          {unread ? (
            <button type="button" className="text-xs font-medium text-brand-700 hover:underline" onClick={() => read.mutate("all")}>
              Mark all read
            </button>
          ) : null}
        </div>
        {data && data.items.length === 0 ? <p className="px-4 py-6 text-center text-sm text-slate-600">Nothing yet.</p> : null}
        <ul className="max-h-96 divide-y divide-slate-100 overflow-y-auto">
          {data?.items.map((n) => (
            <li key={n.id}>
              <Link
                href={n.href ?? "/dashboard"}
                onClick={() => {
                  setOpen(false);
                  if (!n.read) read.mutate([n.id]);
                }}
                className="block px-4 py-3 hover:bg-slate-50"
              >
                <p className={`text-sm ${n.read ? "text-slate-700" : "font-semibold text-slate-900"}`}>
                  {n.read ? null : <span className="sr-only">Unread: </span>}
                  {n.title}
                </p>
                <p className="mt-0.5 line-clamp-2 text-xs text-slate-600">{n.body}</p>
                <p className="mt-0.5 text-xs text-slate-600">{when(n.createdAt)}</p>
              </Link>
            </li>
          ))}
        </ul>
      </div>
    </div>
  );
}

/** The bell in the top bar: unread count and the latest notifications, kept fresh by TanStack Query. */
export function NotificationBell() {
  return (
    <QueryProvider>
      <BellPanel />
    </QueryProvider>
  );
}
