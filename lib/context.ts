import type { AppAbility } from "@/lib/authz/ability";
import type { Principal } from "@/lib/authz/principal";

/** What every domain action receives: who is asking, what they may do, and the request id for audit. */
export type Ctx = { principal: Principal; ability: AppAbility; requestId: string | null };
