"use client";
import { LiveKitRoom, RoomAudioRenderer } from "@livekit/components-react";
import { DisconnectReason } from "livekit-client";
import { toast } from "sonner";
import { CallBar } from "./call-bar";
import type { CurrentCall } from "./call-provider";

/**
 * The call's connection and its bar. Its own module, loaded when a call is joined: LiveKit is the largest part of the
 * workspace's JavaScript (about 160 KB gzipped), which a tab never in a call should not download and run.
 */
export function CallRoom({ call, failure, onFailed, onLeave }: { call: CurrentCall; failure: string | null; onFailed: (message: string) => void; onLeave: () => void }) {
  return (
    <LiveKitRoom
      serverUrl={call.url}
      token={call.token}
      connect
      audio
      video={false}
      onDisconnected={(reason) => {
        // Ended for everyone (last out, or the host): the bar goes. A failed connection keeps it, with the error.
        if (reason === DisconnectReason.ROOM_DELETED || reason === DisconnectReason.PARTICIPANT_REMOVED) onLeave();
      }}
      onError={(error) => onFailed(error.message)}
      onMediaDeviceFailure={() => toast.error("Your microphone or camera could not be started; check the browser's permissions")}
    >
      <RoomAudioRenderer />
      <CallBar call={call} failure={failure} onLeave={onLeave} />
    </LiveKitRoom>
  );
}
