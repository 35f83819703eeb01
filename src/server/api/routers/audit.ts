import { auditFilterInput } from "@/shared/audit";
import { listAuditLog } from "../../queries/audit";
import { authedProcedure, router } from "../trpc";

export const auditRouter = router({
  list: authedProcedure.input(auditFilterInput).query(({ ctx, input }) => listAuditLog(ctx.userId, input)),
});
