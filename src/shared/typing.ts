/**
 * A typer repeats "typing" this often while still writing; receivers drop a typer not heard from for longer. Apart
 * from the message schemas so the live-chat widget can use them without carrying zod.
 */
export const TYPING_REPEAT_MS = 3000;
export const TYPING_TIMEOUT_MS = 6000;
