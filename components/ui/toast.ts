import type { ExternalToast } from "sonner";

/**
 * Toasts for every outcome, with sonner loaded after the page has hydrated rather than in every
 * page's first-load JavaScript (it is about 12 kB gzipped, and no page needs it to render). A call
 * made before the toaster is on screen waits for it, so no message is lost.
 */
type Sonner = typeof import("sonner");

let markReady: (sonner: Sonner) => void = () => {};
const ready = new Promise<Sonner>((resolve) => (markReady = resolve));

/** Called by <Toasts /> once sonner's Toaster is mounted and listening. */
export function toasterReady(sonner: Sonner) {
  markReady(sonner);
}

type Kind = "success" | "error" | "warning" | "info";
const show = (kind: Kind) => (message: string, options?: ExternalToast) => {
  void ready.then((sonner) => sonner.toast[kind](message, options));
};

export const toast = { success: show("success"), error: show("error"), warning: show("warning"), info: show("info") };
