"use client";
import { isTrackReference, type TrackReferenceOrPlaceholder, useIsMuted, useIsSpeaking, useTracks, VideoTrack } from "@livekit/components-react";
import { Track } from "livekit-client";
import { MicOff } from "lucide-react";
import { Avatar } from "@/components/avatar";
import { cn } from "@/components/cn";
import { Button } from "@/components/button";
import { Dialog } from "@/components/dialog";

function Tile({ trackRef }: { trackRef: TrackReferenceOrPlaceholder }) {
  const speaking = useIsSpeaking(trackRef.participant);
  const micMuted = useIsMuted({ participant: trackRef.participant, source: Track.Source.Microphone });
  const name = trackRef.participant.name || trackRef.participant.identity || "You";
  const screen = trackRef.source === Track.Source.ScreenShare;
  const showVideo = isTrackReference(trackRef) && !trackRef.publication.isMuted;
  return (
    <figure
      aria-label={screen ? `${name}'s screen` : name}
      className={cn("relative flex aspect-video max-h-[65vh] items-center justify-center overflow-hidden rounded-lg bg-surface-2", speaking && !screen && "ring-2 ring-success")}
    >
      {showVideo ? <VideoTrack trackRef={trackRef} className={cn("h-full w-full", screen ? "object-contain" : "object-cover")} /> : <Avatar name={name} size={64} />}
      <figcaption className="absolute bottom-1.5 left-1.5 flex items-center gap-1 rounded bg-black/60 px-1.5 py-0.5 text-xs text-white">
        {micMuted && !screen && <MicOff size={12} aria-label="Muted" />}
        {screen ? `${name} is sharing` : name}
        {speaking && !screen && <span className="sr-only">, speaking</span>}
      </figcaption>
    </figure>
  );
}

/** The call's full view: everyone's camera (or avatar) and any shared screen, the active speaker outlined. */
export function CallStage({ open, onOpenChange, title, onEndForEveryone }: { open: boolean; onOpenChange: (open: boolean) => void; title: string; onEndForEveryone?: () => void }) {
  const tracks = useTracks(
    [
      { source: Track.Source.ScreenShare, withPlaceholder: false },
      { source: Track.Source.Camera, withPlaceholder: true },
    ],
    { onlySubscribed: false },
  );
  return (
    <Dialog open={open} onOpenChange={onOpenChange} title={`Call in ${title}`} wide>
      <div className={cn("grid gap-2", tracks.length > 1 ? "sm:grid-cols-2" : "grid-cols-1")}>
        {tracks.map((trackRef) => (
          <Tile key={`${trackRef.participant.identity}-${trackRef.source}`} trackRef={trackRef} />
        ))}
      </div>
      {onEndForEveryone && (
        <div className="mt-4 flex justify-end">
          <Button variant="danger" onClick={onEndForEveryone}>
            End call for everyone
          </Button>
        </div>
      )}
    </Dialog>
  );
}
