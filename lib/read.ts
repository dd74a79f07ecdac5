import "server-only";
import { notFound } from "next/navigation";
import { getDb, type Executor } from "@/db/client";
import { NotFoundError } from "@/lib/errors";

/**
 * How app/ reaches the database: through lib, never by importing db/ (a lint rule holds the
 * arrow). Domain reads take the executor as their first argument so tests can pass a transaction;
 * routes and pages hand them the app's database here.
 */
export async function read<T>(query: (db: Executor) => Promise<T>): Promise<T> {
  return query(await getDb());
}

/** For a page: the same, and a NotFoundError (a foreign or unknown id) becomes the 404 page. */
export async function readForPage<T>(query: (db: Executor) => Promise<T>): Promise<T> {
  try {
    return await query(await getDb());
  } catch (error) {
    if (error instanceof NotFoundError) notFound();
    throw error;
  }
}
