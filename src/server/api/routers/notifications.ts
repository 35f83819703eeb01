import { channelNotificationsInput, notificationPreferencesInput, pushSubscriptionIdInput, pushSubscriptionInput } from "@/shared/notifications";
import { revokePush, subscribePush } from "../../actions/notifications/push-subscriptions";
import { setChannelNotifications } from "../../actions/notifications/set-channel-notifications";
import { setNotificationPreferences } from "../../actions/notifications/set-notification-preferences";
import { deliveryOptions, getNotificationPreferences, listPushSubscriptions } from "../../queries/notifications";
import { authedProcedure, router } from "../trpc";

export const notificationsRouter = router({
  preferences: authedProcedure.query(({ ctx }) => getNotificationPreferences(ctx.userId)),
  setPreferences: authedProcedure.input(notificationPreferencesInput).mutation(({ ctx, input }) => setNotificationPreferences(ctx.userId, input)),
  deliveryOptions: authedProcedure.query(() => deliveryOptions()),
  pushSubscriptions: authedProcedure.query(({ ctx }) => listPushSubscriptions(ctx.userId)),
  subscribePush: authedProcedure.input(pushSubscriptionInput).mutation(({ ctx, input }) => subscribePush(ctx.userId, input)),
  revokePush: authedProcedure.input(pushSubscriptionIdInput).mutation(({ ctx, input }) => revokePush(ctx.userId, input)),
  setChannel: authedProcedure.input(channelNotificationsInput).mutation(({ ctx, input }) => setChannelNotifications(ctx.userId, input)),
});
