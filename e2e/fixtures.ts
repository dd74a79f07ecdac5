import { test as base, expect, type Page } from "@playwright/test";

export const DEMO_PASSWORD = "trellis-demo";

/** Signs in through the real login form. */
export async function signIn(page: Page, email: string, password = DEMO_PASSWORD) {
  await page.goto("/login");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/dashboard/);
}

export async function signOut(page: Page) {
  await page.getByRole("button", { name: "User menu" }).click();
  await page.getByRole("menuitem", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login/);
}

/** `as(email)` gives a page signed in as that demo user. */
export const test = base.extend<{ as: (email: string) => Promise<Page> }>({
  as: async ({ page }, use) => {
    await use(async (email: string) => {
      await signIn(page, email);
      return page;
    });
  },
});

export { expect };
