"use client";

import { useTransition } from "react";

/** Signs out from a page outside the portal's shell (the enrolment page), as the user menu does. */
export function SignOutButton() {
  const [pending, start] = useTransition();
  return (
    <button
      type="button"
      disabled={pending}
      onClick={() =>
        start(async () => {
          await fetch("/api/session/sign-out", { method: "POST" });
          // A full load: nothing of the session may stay in the router cache.
          // eslint-disable-next-line @next/next/no-location-assign-relative-destination
          window.location.assign("/login");
        })
      }
      className="text-sm font-medium text-slate-600 underline-offset-2 hover:underline disabled:cursor-wait"
    >
      {pending ? "Signing out…" : "Sign out"}
    </button>
  );
}
