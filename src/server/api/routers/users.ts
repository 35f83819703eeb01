import { readReceiptsInput, setDndInput, setStatusInput, signUpInput, updateProfileInput } from "@/shared/users";
import { runAction } from "../../actions/context";
import { setDoNotDisturb } from "../../actions/users/set-do-not-disturb";
import { setReadReceipts } from "../../actions/users/set-read-receipts";
import { setStatus } from "../../actions/users/set-status";
import { signUp } from "../../actions/users/sign-up";
import { updateProfile } from "../../actions/users/update-profile";
import { getMe } from "../../queries/users";
import { authedProcedure, publicProcedure, router } from "../trpc";

export const usersRouter = router({
  signUp: publicProcedure.input(signUpInput).mutation(({ ctx, input }) => runAction(ctx.actor, signUp, input)),
  me: authedProcedure.query(({ ctx }) => getMe(ctx.userId)),
  updateProfile: authedProcedure.input(updateProfileInput).mutation(({ ctx, input }) => runAction(ctx.actor, updateProfile, input)),
  setStatus: authedProcedure.input(setStatusInput).mutation(({ ctx, input }) => runAction(ctx.actor, setStatus, input)),
  setReadReceipts: authedProcedure.input(readReceiptsInput).mutation(({ ctx, input }) => runAction(ctx.actor, setReadReceipts, input)),
  setDoNotDisturb: authedProcedure.input(setDndInput).mutation(({ ctx, input }) => runAction(ctx.actor, setDoNotDisturb, input)),
});
