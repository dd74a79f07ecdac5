// Test-only servers whose packages ship no TypeScript types (e2e/support/identity-provider.ts).
declare module "oidc-provider";
declare module "dns2";
