/**
 * Apart from blocks.ts so that the message list can check a colour without bundling what blocks.ts needs to parse an
 * app's blocks (the emoji tables behind shortcodes, about 75 KB gzipped).
 */

/** Slack's three named colours, or `#rrggbb`. */
export type AttachmentColor = "good" | "warning" | "danger" | `#${string}`;
export const HEX_COLOR = /^#[0-9a-f]{6}$/;
