import { notFound } from "next/navigation";
import { DomainError } from "@/server/access/errors";

/** Server components: a NOT_FOUND from a query renders the 404 page, like any missing page. */
export async function orNotFound<T>(promise: Promise<T>): Promise<T> {
  try {
    return await promise;
  } catch (error) {
    if (error instanceof DomainError && error.code === "NOT_FOUND") notFound();
    throw error;
  }
}
