import { csvExportRoute } from "@/lib/list/export-route";
import { usersExport } from "@/lib/users/export";
import { usersList } from "@/lib/users/list";

export const dynamic = "force-dynamic";

/** GET /api/users/export?q=&role=&status=&node= — the users list as the import's CSV (lib/users/export.ts). */
export const GET = csvExportRoute(usersList, usersExport);
