import keywords from "emojilib";
import emojiData from "unicode-emoji-json/data-by-emoji.json";

/**
 * Slack's names for common emoji where they differ from the Unicode (CLDR) names, as CLDR slugs. Names not listed
 * here are looked up as CLDR slugs, then as name-like emojilib keywords that belong to one emoji only ("tada").
 */
const SLACK_NAMES: Record<string, string> = {
  thumbsup: "thumbs_up",
  thumbsdown: "thumbs_down",
  tada: "party_popper",
  clap: "clapping_hands",
  fire: "fire",
  eyes: "eyes",
  thinking_face: "thinking_face",
  warning: "warning",
  "+1": "thumbs_up",
  "-1": "thumbs_down",
  wave: "waving_hand",
  smile: "grinning_face_with_smiling_eyes",
  smiley: "grinning_face_with_big_eyes",
  grinning: "grinning_face",
  grin: "beaming_face_with_smiling_eyes",
  laughing: "grinning_squinting_face",
  satisfied: "grinning_squinting_face",
  joy: "face_with_tears_of_joy",
  sweat_smile: "grinning_face_with_sweat",
  blush: "smiling_face_with_smiling_eyes",
  wink: "winking_face",
  relaxed: "smiling_face",
  heart_eyes: "smiling_face_with_heart_eyes",
  hugging_face: "smiling_face_with_open_hands",
  hugs: "smiling_face_with_open_hands",
  smirk: "smirking_face",
  pensive: "pensive_face",
  grimacing: "grimacing_face",
  stuck_out_tongue: "face_with_tongue",
  expressionless: "expressionless_face",
  unamused: "unamused_face",
  disappointed: "disappointed_face",
  worried: "worried_face",
  confused: "confused_face",
  cry: "crying_face",
  sob: "loudly_crying_face",
  scream: "face_screaming_in_fear",
  angry: "angry_face",
  rage: "enraged_face",
  sleepy: "sleepy_face",
  sweat: "downcast_face_with_sweat",
  mask: "face_with_medical_mask",
  robot_face: "robot",
  see_no_evil: "see_no_evil_monkey",
  heart: "red_heart",
  raised_hands: "raising_hands",
  pray: "folded_hands",
  point_right: "backhand_index_pointing_right",
  point_left: "backhand_index_pointing_left",
  point_up: "index_pointing_up",
  point_down: "backhand_index_pointing_down",
  metal: "sign_of_the_horns",
  punch: "oncoming_fist",
  facepalm: "person_facepalming",
  shrug: "person_shrugging",
  raising_hand: "person_raising_hand",
  white_check_mark: "check_mark_button",
  heavy_check_mark: "check_mark",
  x: "cross_mark",
  heavy_plus_sign: "plus",
  heavy_minus_sign: "minus",
  exclamation: "red_exclamation_mark",
  question: "red_question_mark",
  grey_question: "white_question_mark",
  information_source: "information",
  ok: "ok_button",
  100: "hundred_points",
  bulb: "light_bulb",
  coffee: "hot_beverage",
  rotating_light: "police_car_light",
  boom: "collision",
  zap: "high_voltage",
  lock: "locked",
  unlock: "unlocked",
  mag: "magnifying_glass_tilted_left",
  hourglass: "hourglass_done",
  chart_with_upwards_trend: "chart_increasing",
  chart_with_downwards_trend: "chart_decreasing",
  checkered_flag: "chequered_flag",
  medal: "sports_medal",
  gift: "wrapped_gift",
  cake: "birthday_cake",
  beer: "beer_mug",
  champagne: "bottle_with_popping_cork",
  sunny: "sun",
  earth_americas: "globe_showing_americas",
  car: "automobile",
  computer: "laptop",
  iphone: "mobile_phone",
  email: "e_mail",
  dollar: "dollar_banknote",
  arrow_right: "right_arrow",
  arrow_left: "left_arrow",
  arrow_up: "up_arrow",
  arrow_down: "down_arrow",
  large_green_circle: "green_circle",
  large_blue_circle: "blue_circle",
};

/** skin-tone-2 … skin-tone-6, as Slack numbers them (1 is the default yellow). */
const SKIN_TONES = ["\u{1F3FB}", "\u{1F3FC}", "\u{1F3FD}", "\u{1F3FE}", "\u{1F3FF}"];

interface Entry {
  emoji: string;
  skinTones: boolean;
}

let byName: Map<string, Entry> | undefined;

/** Built on first use: the data is large and most texts have no shortcodes. */
function names(): Map<string, Entry> {
  if (byName) return byName;
  const map = new Map<string, Entry>();
  const bySlug = new Map<string, Entry>();
  for (const [emoji, data] of Object.entries(emojiData)) bySlug.set(data.slug, { emoji, skinTones: data.skin_tone_support });
  const owners = new Map<string, string[]>();
  for (const [emoji, words] of Object.entries(keywords)) {
    for (const word of words) owners.set(word.toLowerCase(), [...(owners.get(word.toLowerCase()) ?? []), emoji]);
  }
  for (const [word, emojis] of owners) {
    const entry = emojis.length === 1 && emojiData[emojis[0] as keyof typeof emojiData];
    if (entry && /^[a-z][\w+-]*$/.test(word)) map.set(word, { emoji: emojis[0]!, skinTones: entry.skin_tone_support });
  }
  for (const [slug, entry] of bySlug) map.set(slug, entry);
  for (const [name, slug] of Object.entries(SLACK_NAMES)) {
    const entry = bySlug.get(slug);
    if (entry) map.set(name, entry);
  }
  byName = map;
  return map;
}

/**
 * The emoji for a Slack shortcode name ("wave", "+1", "man-shrugging"), with a Slack skin tone (2–6) where the
 * emoji takes one; undefined for names we do not know (workspace custom emoji among them).
 */
export function emojiForName(name: string, skinTone?: number): string | undefined {
  const lower = name.toLowerCase();
  const entry = names().get(lower) ?? names().get(lower.replaceAll("-", "_"));
  if (!entry) return undefined;
  const modifier = skinTone === undefined ? undefined : SKIN_TONES[skinTone - 2];
  if (!modifier || !entry.skinTones) return entry.emoji;
  // The modifier follows the first code point, replacing its presentation selector; ZWJ sequences keep the rest.
  const [first, ...rest] = [...entry.emoji];
  return first + modifier + rest.join("").replace(/^\uFE0F/, "");
}

/** `:name:` or `:name::skin-tone-N:`, as Slack writes shortcodes. */
export const SHORTCODE = /:([a-z0-9_+'-]+):(?::skin-tone-([2-6]):)?/gi;

/** Every known shortcode in a text replaced by its emoji; unknown ones stay as typed. */
export function replaceShortcodes(text: string): string {
  return text.replace(SHORTCODE, (match, name: string, tone?: string) => emojiForName(name, tone ? Number(tone) : undefined) ?? match);
}

let nameOf: Map<string, string> | undefined;

/**
 * The Slack name an app knows an emoji by (reactions.get, reaction_added): Slack's own name where it has one, else
 * the Unicode one; a skin tone as Slack writes it ("thumbsup::skin-tone-3" style is "+1::skin-tone-3").
 */
export function nameForEmoji(emoji: string): string {
  if (!nameOf) {
    nameOf = new Map();
    const emojiOfSlug = new Map<string, string>();
    for (const [emojiChar, data] of Object.entries(emojiData)) {
      nameOf.set(emojiChar, data.slug);
      emojiOfSlug.set(data.slug, emojiChar);
    }
    for (const [name, slug] of Object.entries(SLACK_NAMES)) {
      const emojiChar = emojiOfSlug.get(slug);
      if (emojiChar) nameOf.set(emojiChar, name);
    }
  }
  const tone = SKIN_TONES.findIndex((modifier) => emoji.includes(modifier));
  const base = tone >= 0 ? emoji.replace(SKIN_TONES[tone]!, "") : emoji;
  const name = nameOf.get(base) ?? nameOf.get(base.replace(/\uFE0F/g, "")) ?? nameOf.get(`${base}\uFE0F`) ?? base;
  return tone >= 0 ? `${name}::skin-tone-${tone + 2}` : name;
}
