/** The reactions offered first; any single emoji typed into the picker's search works too. */
export const QUICK_REACTIONS = [
  ["👍", "thumbs up"], ["❤️", "heart"], ["😂", "joy"], ["🎉", "tada"], ["🙏", "pray thanks"], ["👀", "eyes looking"],
  ["✅", "check done"], ["🔥", "fire"], ["😮", "wow surprised"], ["😢", "sad cry"], ["🚀", "rocket ship"], ["💯", "hundred"],
  ["👏", "clap"], ["🤔", "thinking"], ["😄", "smile"], ["😅", "sweat smile"], ["🙌", "raised hands"], ["💡", "idea bulb"],
  ["⚠️", "warning"], ["❌", "x no"], ["➕", "plus one"], ["👎", "thumbs down"], ["🤝", "handshake"], ["☕", "coffee"],
] as const;
