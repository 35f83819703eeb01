import type { ContextElement, LegacyAttachment, RichBlock } from "@/shared/slack/blocks";
import { proxiedImageUrl } from "../previews/link-preview";

/**
 * An app's images reach the browser through Confab's image proxy, as link previews' do: the app's server never
 * learns who read the message, from where, or when, and a huge or hostile file is refused before a browser sees it.
 */
const proxied = (url: string | undefined) => (url === undefined ? undefined : proxiedImageUrl(url));

function element<T extends ContextElement | NonNullable<Extract<RichBlock, { type: "section" }>["accessory"]>>(item: T): T {
  return item.type === "image" ? { ...item, imageUrl: proxied(item.imageUrl)! } : item;
}

function block(entry: RichBlock): RichBlock {
  switch (entry.type) {
    case "image":
      return { ...entry, imageUrl: proxied(entry.imageUrl)! };
    case "context":
      return { ...entry, elements: entry.elements.map(element) };
    case "section":
      return entry.accessory ? { ...entry, accessory: element(entry.accessory) } : entry;
    default:
      return entry;
  }
}

export function withProxiedImages(blocks: RichBlock[] | null, attachments: LegacyAttachment[] | null) {
  return {
    blocks: blocks?.map(block) ?? null,
    attachments:
      attachments?.map((attachment) => ({
        ...attachment,
        imageUrl: proxied(attachment.imageUrl),
        thumbUrl: proxied(attachment.thumbUrl),
        author: attachment.author && { ...attachment.author, icon: proxied(attachment.author.icon) },
        footer: attachment.footer && { ...attachment.footer, icon: proxied(attachment.footer.icon) },
        blocks: attachment.blocks.map(block),
      })) ?? null,
  };
}
