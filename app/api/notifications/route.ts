import { NextResponse } from "next/server";
import { z } from "zod";
import { readJsonObject, route } from "@/lib/http";
import { markNotificationsRead } from "@/lib/notifications/mutations";
import { myNotifications } from "@/lib/notifications/queries";
import { read } from "@/lib/read";

/** The bell's data: GET the unread count and the latest notifications; POST marks them read. */
// Polled by the bell: it does not count as the person's activity (the idle timeout holds).
export const GET = route(async (_req, ctx) => NextResponse.json(await read((db) => myNotifications(db, ctx.ability)), { headers: { "cache-control": "private, no-store" } }), { background: true });

const markInput = z.object({ ids: z.union([z.literal("all"), z.array(z.string().uuid()).max(100)]) });

export const POST = route(async (req, ctx) => {
  const parsed = markInput.safeParse(await readJsonObject(req));
  if (!parsed.success) return NextResponse.json({ error: "Send { ids: [...] } or { ids: \"all\" }" }, { status: 400 });
  const marked = await read((db) => markNotificationsRead(db, { ...ctx, requestId: null }, parsed.data.ids));
  return NextResponse.json({ marked });
});
