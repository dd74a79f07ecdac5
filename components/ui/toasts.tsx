"use client";

import { useEffect, useState } from "react";
import { toasterReady } from "./toast";

type Sonner = typeof import("sonner");

/** The toaster, fetched once the page is interactive (see ./toast.ts). */
export function Toasts() {
  const [sonner, setSonner] = useState<Sonner | null>(null);
  useEffect(() => {
    let live = true;
    void import("sonner").then((module) => live && setSonner(module));
    return () => {
      live = false;
    };
  }, []);
  // Runs after the Toaster's own effects, so it is subscribed before the first toast is sent.
  useEffect(() => {
    if (sonner) toasterReady(sonner);
  }, [sonner]);
  return sonner ? <sonner.Toaster richColors position="top-right" closeButton /> : null;
}
