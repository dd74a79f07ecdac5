"use client";

import { Building2, CalendarClock, KeyRound, LifeBuoy, RefreshCw, ChartColumn, FileSignature, LayoutDashboard, Mail, MapPin, MessageSquareWarning, Network, Receipt, ScrollText, ShieldCheck, Package, ShoppingCart, Stamp, Users, type LucideIcon } from "lucide-react";
import Link from "next/link";
import { usePathname } from "next/navigation";
import type { NavGroup } from "@/lib/navigation";
import { cn } from "@/components/ui/cn";

const icons: Record<string, LucideIcon> = {
  "layout-dashboard": LayoutDashboard,
  network: Network,
  "map-pin": MapPin,
  users: Users,
  "shopping-cart": ShoppingCart,
  stamp: Stamp,
  "file-signature": FileSignature,
  package: Package,
  receipt: Receipt,
  "message-square-warning": MessageSquareWarning,
  "chart-column": ChartColumn,
  "calendar-clock": CalendarClock,
  "scroll-text": ScrollText,
  "shield-check": ShieldCheck,
  mail: Mail,
  building: Building2,
  "building-plus": Building2,
  "life-buoy": LifeBuoy,
  "key-round": KeyRound,
  "refresh-cw": RefreshCw,
};

export function Sidebar({ groups }: { groups: NavGroup[] }) {
  const pathname = usePathname();
  return (
    <nav aria-label="Main" className="flex flex-col gap-6 px-3 py-4">
      {groups.map((group) => (
        <div key={group.label}>
          <p className="px-3 text-xs font-semibold uppercase tracking-wider text-slate-500">{group.label}</p>
          <ul className="mt-2 space-y-0.5">
            {group.items.map((item) => {
              const Icon = icons[item.icon] ?? LayoutDashboard;
              // The most specific item wins: /billing/run is "Bill runs", not also "Overview" (/billing).
              const matches = (href: string) => pathname === href || pathname.startsWith(`${href}/`);
              const active = matches(item.href) && !groups.some((g) => g.items.some((other) => other.href.length > item.href.length && other.href.startsWith(`${item.href}/`) && matches(other.href)));
              return (
                <li key={item.href}>
                  <Link
                    href={item.href}
                    aria-current={active ? "page" : undefined}
                    className={cn(
                      "flex items-center gap-2.5 rounded-md px-3 py-1.5 text-sm font-medium",
                      active ? "bg-brand-50 text-brand-700" : "text-slate-600 hover:bg-slate-100 hover:text-slate-900",
                    )}
                  >
                    <Icon aria-hidden className="size-4" />
                    {item.label}
                  </Link>
                </li>
              );
            })}
          </ul>
        </div>
      ))}
    </nav>
  );
}
