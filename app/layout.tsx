import type { Metadata } from "next";
import { connection } from "next/server";
import { Providers } from "@/components/providers";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Trellis", template: "%s · Trellis" },
  description: "Self-service portal for your organisation's services, orders and bills.",
  icons: { icon: { url: "/icon.svg", type: "image/svg+xml" } },
  // A private portal: robots.txt disallows crawling, and every page says noindex as well.
  robots: { index: false, follow: false },
};

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  // Every page renders per request, even the not-found page: its scripts need this response's CSP
  // nonce (middleware.ts), and a page built ahead of time would carry none and not hydrate.
  await connection();
  return (
    <html lang="en">
      <body className="min-h-screen font-sans">
        <Providers>{children}</Providers>
      </body>
    </html>
  );
}
