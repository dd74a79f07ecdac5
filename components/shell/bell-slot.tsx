"use client";

import { Bell } from "lucide-react";
import dynamic from "next/dynamic";

/**
 * The bell loads after the page is interactive (it brings TanStack Query, which no page needs to
 * render), in a button-sized slot so nothing moves when it arrives.
 */
const LazyBell = dynamic(() => import("./notification-bell").then((m) => m.NotificationBell), {
  ssr: false,
  loading: () => (
    <span aria-hidden className="rounded-md p-2 text-slate-400">
      <Bell className="size-5" />
    </span>
  ),
});

export function BellSlot() {
  return <LazyBell />;
}
