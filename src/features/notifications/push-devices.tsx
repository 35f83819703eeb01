"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { toast } from "sonner";
import { useTRPC } from "@/client/trpc";
import { pushSupported, subscribeThisBrowser, thisBrowserEndpoint } from "@/client/web-push";
import { Button } from "@/components/button";

/** A short name for a browser from its user agent, so people can tell their devices apart. */
function deviceName(userAgent: string): string {
  const browser = /Edg\//.test(userAgent) ? "Edge" : /Firefox\//.test(userAgent) ? "Firefox" : /Chrom(e|ium)\//.test(userAgent) ? "Chrome" : /Safari\//.test(userAgent) ? "Safari" : "Browser";
  const system = /Android/.test(userAgent) ? "Android" : /iPhone|iPad/.test(userAgent) ? "iOS" : /Mac OS X/.test(userAgent) ? "macOS" : /Windows/.test(userAgent) ? "Windows" : /Linux/.test(userAgent) ? "Linux" : "";
  return system ? `${browser} on ${system}` : browser;
}

/** Web Push in settings: turn it on for this browser, and see and revoke every browser that gets pushes. */
export function PushDevices() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const options = useQuery(trpc.notifications.deliveryOptions.queryOptions());
  const devices = useQuery(trpc.notifications.pushSubscriptions.queryOptions());
  const [thisEndpoint, setThisEndpoint] = useState<string | null>(null);
  const refresh = () => void queryClient.invalidateQueries({ queryKey: trpc.notifications.pushSubscriptions.queryKey() });
  const subscribe = useMutation(trpc.notifications.subscribePush.mutationOptions({ onSuccess: refresh }));
  const revoke = useMutation(trpc.notifications.revokePush.mutationOptions({ onSuccess: refresh, onError: (error) => void toast.error(error.message) }));
  const [pending, setPending] = useState(false);
  useEffect(() => void thisBrowserEndpoint().then(setThisEndpoint), []);

  async function turnOn(publicKey: string) {
    setPending(true);
    try {
      const subscription = await subscribeThisBrowser(publicKey);
      await subscribe.mutateAsync({ endpoint: subscription.endpoint ?? "", keys: { p256dh: subscription.keys?.p256dh ?? "", auth: subscription.keys?.auth ?? "" }, userAgent: subscription.userAgent });
      setThisEndpoint(subscription.endpoint ?? null);
    } catch (error) {
      toast.error((error as Error).message || "Push notifications could not be turned on");
    } finally {
      setPending(false);
    }
  }

  const publicKey = options.data?.pushPublicKey;
  const subscribedHere = Boolean(thisEndpoint && devices.data?.some((device) => device.endpoint === thisEndpoint));
  return (
    <fieldset className="space-y-1.5">
      <legend className="mb-1 font-medium">Push notifications</legend>
      {!publicKey ? (
        <p className="text-muted">Push notifications are not configured on this server.</p>
      ) : (
        <>
          <p className="text-muted">Reach you when no Confab tab is open, as long as the browser runs.</p>
          {!pushSupported() ? (
            <p className="text-muted">This browser does not support push notifications.</p>
          ) : subscribedHere ? (
            <p>This browser gets push notifications.</p>
          ) : (
            <Button type="button" variant="secondary" pending={pending} onClick={() => void turnOn(publicKey)}>
              Turn on for this browser
            </Button>
          )}
          {devices.data && devices.data.length > 0 && (
            <ul aria-label="Browsers that get push notifications" className="divide-y divide-border rounded-md border border-border">
              {devices.data.map((device) => (
                <li key={device.id} className="flex items-center gap-2 px-3 py-1.5">
                  <span className="min-w-0 flex-1 truncate">
                    {deviceName(device.userAgent)}
                    {device.endpoint === thisEndpoint && <span className="text-muted"> (this browser)</span>}
                    <span className="block text-xs text-muted">Since {device.createdAt.toLocaleDateString()}</span>
                  </span>
                  <Button type="button" variant="ghost" aria-label={`Remove ${deviceName(device.userAgent)}`} onClick={() => revoke.mutate({ id: device.id })}>
                    Remove
                  </Button>
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </fieldset>
  );
}
