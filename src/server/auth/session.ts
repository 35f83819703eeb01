import { redirect } from "next/navigation";
import { auth } from "./config";

/** For pages: the signed-in user's id, or a redirect to sign-in that brings them back to `returnTo`. */
export async function requireUserId(returnTo: string): Promise<string> {
  const session = await auth();
  const userId = session?.user?.id;
  if (!userId) redirect(`/signin?callbackUrl=${encodeURIComponent(returnTo)}`);
  return userId;
}
