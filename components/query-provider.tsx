"use client";

import { QueryClient, QueryClientProvider } from "@tanstack/react-query";

/**
 * TanStack Query for the client components that fetch their own data (pickers over thousands of
 * nodes, a notification count, live progress). Such a component wraps itself in <QueryProvider>,
 * so the library (about 8 kB gzipped) loads with the pages that use it instead of with every page
 * through the root layout. One client per browser tab: separate islands share one cache.
 */
let browserClient: QueryClient | undefined;

function queryClient(): QueryClient {
  const make = () => new QueryClient({ defaultOptions: { queries: { staleTime: 30_000, retry: 1 } } });
  // On the server each render gets its own client, so no data is shared between requests.
  if (typeof window === "undefined") return make();
  return (browserClient ??= make());
}

export function QueryProvider({ children }: { children: React.ReactNode }) {
  return <QueryClientProvider client={queryClient()}>{children}</QueryClientProvider>;
}
