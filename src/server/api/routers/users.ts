import { readReceiptsInput, setDndInput, setStatusInput, signUpInput, updateProfileInput } from "@/shared/users";
import { setReadReceipts } from "../../actions/users/set-read-receipts";
import { setDoNotDisturb, setStatus } from "../../actions/users/set-status";
import { signUp } from "../../actions/users/sign-up";
import { updateProfile } from "../../actions/users/update-profile";
import { getMe } from "../../queries/users";
import { authedProcedure, publicProcedure, router } from "../trpc";

export const usersRouter = router({
  signUp: publicProcedure.input(signUpInput).mutation(({ input }) => signUp(input)),
  me: authedProcedure.query(({ ctx }) => getMe(ctx.userId)),
  updateProfile: authedProcedure.input(updateProfileInput).mutation(({ ctx, input }) => updateProfile(ctx.userId, input)),
  setStatus: authedProcedure.input(setStatusInput).mutation(({ ctx, input }) => setStatus(ctx.userId, input)),
  setReadReceipts: authedProcedure.input(readReceiptsInput).mutation(({ ctx, input }) => setReadReceipts(ctx.userId, input)),
  setDoNotDisturb: authedProcedure.input(setDndInput).mutation(({ ctx, input }) => setDoNotDisturb(ctx.userId, input)),
});
