"use client";

import { Toasts } from "@/components/ui/toasts";

/**
 * What every page has on the client: the toaster (loaded after hydration). TanStack Query is not
 * here: the components that fetch wrap themselves in <QueryProvider> (components/query-provider.tsx),
 * which keeps it out of the pages that do not.
 */
export function Providers({ children }: { children: React.ReactNode }) {
  return (
    <>
      {children}
      <Toasts />
    </>
  );
}
