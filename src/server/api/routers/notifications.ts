import { channelNotificationsInput, notificationPreferencesInput } from "@/shared/notifications";
import { setChannelNotifications } from "../../actions/notifications/set-channel-notifications";
import { setNotificationPreferences } from "../../actions/notifications/set-notification-preferences";
import { getNotificationPreferences } from "../../queries/notifications";
import { authedProcedure, router } from "../trpc";

export const notificationsRouter = router({
  preferences: authedProcedure.query(({ ctx }) => getNotificationPreferences(ctx.userId)),
  setPreferences: authedProcedure.input(notificationPreferencesInput).mutation(({ ctx, input }) => setNotificationPreferences(ctx.userId, input)),
  setChannel: authedProcedure.input(channelNotificationsInput).mutation(({ ctx, input }) => setChannelNotifications(ctx.userId, input)),
});
