"use server";

import { signOut } from "./index";

/** Ends the session and returns to the login page. */
export async function signOutAction(): Promise<void> {
  await signOut({ redirectTo: "/login" });
}
