"use client";
import { Bot } from "lucide-react";
import { useRef } from "react";
import { toast } from "sonner";
import { postFile } from "@/client/post-file";
import { Avatar } from "@/components/avatar";
import { useRefreshApps, type App } from "./use-apps";

/** The app's icon (its bot's picture), and a way for whoever manages the app to change it. */
export function AppIcon({ app }: { app: App }) {
  const refresh = useRefreshApps();
  const picker = useRef<HTMLInputElement>(null);
  const upload = async (file: File | undefined) => {
    if (!file) return;
    try {
      await postFile(`/api/files/app-icon?appId=${app.id}`, file, "The icon could not be uploaded");
      await refresh();
      toast.success(`${app.name} has a new icon`);
    } catch (error) {
      toast.error((error as Error).message);
    }
  };
  return (
    <button
      type="button"
      onClick={() => picker.current?.click()}
      aria-label={`Change ${app.name}'s icon`}
      title="Change icon"
      className="mt-0.5 shrink-0 rounded-md focus-visible:outline-2 focus-visible:outline-offset-2"
    >
      {app.iconUrl ? (
        <Avatar name={app.name} image={app.iconUrl} size={32} />
      ) : (
        <span className="flex size-8 items-center justify-center rounded-md bg-accent-soft text-accent">
          <Bot size={16} aria-hidden="true" />
        </span>
      )}
      <input
        ref={picker}
        type="file"
        accept="image/png,image/jpeg,image/gif,image/webp"
        hidden
        aria-hidden="true"
        tabIndex={-1}
        onChange={(event) => {
          void upload(event.target.files?.[0]);
          event.target.value = "";
        }}
      />
    </button>
  );
}
