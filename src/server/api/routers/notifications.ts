import { channelNotificationsInput, notificationPreferencesInput, pushSubscriptionIdInput, pushSubscriptionInput } from "@/shared/notifications";
import { runAction } from "../../actions/context";
import { revokePush } from "../../actions/notifications/revoke-push";
import { setChannelNotifications } from "../../actions/notifications/set-channel-notifications";
import { setNotificationPreferences } from "../../actions/notifications/set-notification-preferences";
import { subscribePush } from "../../actions/notifications/subscribe-push";
import { deliveryOptions, getNotificationPreferences, listPushSubscriptions } from "../../queries/notifications";
import { authedProcedure, router } from "../trpc";

export const notificationsRouter = router({
  preferences: authedProcedure.query(({ ctx }) => getNotificationPreferences(ctx.userId)),
  setPreferences: authedProcedure.input(notificationPreferencesInput).mutation(({ ctx, input }) => runAction(ctx.actor, setNotificationPreferences, input)),
  deliveryOptions: authedProcedure.query(() => deliveryOptions()),
  pushSubscriptions: authedProcedure.query(({ ctx }) => listPushSubscriptions(ctx.userId)),
  subscribePush: authedProcedure.input(pushSubscriptionInput).mutation(({ ctx, input }) => runAction(ctx.actor, subscribePush, input)),
  revokePush: authedProcedure.input(pushSubscriptionIdInput).mutation(({ ctx, input }) => runAction(ctx.actor, revokePush, input)),
  setChannel: authedProcedure.input(channelNotificationsInput).mutation(({ ctx, input }) => runAction(ctx.actor, setChannelNotifications, input)),
});
