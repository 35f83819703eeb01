"use client";
import * as DropdownMenu from "@radix-ui/react-dropdown-menu";
import { Ellipsis } from "lucide-react";
import { Button } from "@/components/button";
import { type ButtonVariant, buttonClassName } from "@/components/button-styles";
import { cn } from "@/components/cn";
import { type AttachmentColor, HEX_COLOR } from "@/shared/slack/attachment-color";
import type { ActionElement, BlockAction, ButtonElement, ImageElement, LegacyAttachment, OverflowElement, RichBlock, StaticSelectElement } from "@/shared/slack/blocks";
import { formatDay, formatFull, formatTime } from "../common/format";
import { MessageMarkdown } from "./markdown";

interface Shared {
  nameOf: (userId: string) => string | undefined;
  /** Without it (a preview, a message being read elsewhere) interactive elements show but do nothing. */
  onAction?: (action: BlockAction) => void;
}

const menuItem = "flex cursor-pointer items-center gap-2 rounded px-2 py-1.5 text-sm outline-none data-[highlighted]:bg-accent data-[highlighted]:text-accent-fg";
const NAMED_COLORS: Record<string, string> = { good: "border-success", warning: "border-warning", danger: "border-danger" };
const namedColor = (color: AttachmentColor | undefined) => (color && Object.hasOwn(NAMED_COLORS, color) ? NAMED_COLORS[color]! : "border-border");

/** The app's images come from wherever it says: fetched lazily, never told which Confab page asked. */
function ExternalImage({ src, alt, className }: { src: string; alt: string; className: string }) {
  return <img src={src} alt={alt} loading="lazy" decoding="async" referrerPolicy="no-referrer" className={className} />;
}

const variantOf = (style: ButtonElement["style"]): ButtonVariant => style ?? "secondary";

function ActionButton({ element, blockId, onAction }: { element: ButtonElement; blockId?: string } & Pick<Shared, "onAction">) {
  const act = () => onAction?.({ type: "button", blockId, actionId: element.actionId, value: element.value });
  if (element.url) {
    // Slack tells the app about link buttons too, so the click is reported as well as followed.
    return (
      <a href={element.url} target="_blank" rel="noopener noreferrer" aria-label={element.accessibilityLabel} onClick={act} className={buttonClassName(variantOf(element.style))}>
        {element.text}
      </a>
    );
  }
  return (
    <Button type="button" variant={variantOf(element.style)} aria-label={element.accessibilityLabel} disabled={!onAction} onClick={act}>
      {element.text}
    </Button>
  );
}

function Select({ element, blockId, onAction }: { element: StaticSelectElement; blockId?: string } & Pick<Shared, "onAction">) {
  const label = element.placeholder ?? "Choose an option";
  return (
    <select
      aria-label={label}
      defaultValue={element.initialValue ?? ""}
      disabled={!onAction}
      onChange={(event) => onAction?.({ type: "static_select", blockId, actionId: element.actionId, value: event.target.value })}
      className="h-9 max-w-64 rounded-md border border-border bg-bg px-2 text-sm text-text disabled:opacity-60"
    >
      <option value="" disabled>
        {label}
      </option>
      {element.options.map((option, index) => (
        <option key={index} value={option.value}>
          {option.text}
        </option>
      ))}
      {element.groups.map((group, groupIndex) => (
        <optgroup key={groupIndex} label={group.label}>
          {group.options.map((option, index) => (
            <option key={index} value={option.value}>
              {option.text}
            </option>
          ))}
        </optgroup>
      ))}
    </select>
  );
}

function Overflow({ element, blockId, onAction }: { element: OverflowElement; blockId?: string } & Pick<Shared, "onAction">) {
  const act = (value: string) => onAction?.({ type: "overflow", blockId, actionId: element.actionId, value });
  return (
    <DropdownMenu.Root>
      <DropdownMenu.Trigger aria-label="More actions" className="inline-flex h-9 w-9 items-center justify-center rounded-md border border-border bg-bg text-muted hover:bg-surface-2 hover:text-text">
        <Ellipsis size={16} aria-hidden="true" />
      </DropdownMenu.Trigger>
      <DropdownMenu.Portal>
        <DropdownMenu.Content align="end" sideOffset={4} className="z-50 min-w-40 rounded-md border border-border bg-bg p-1 shadow-lg">
          {element.options.map((option, index) =>
            option.url ? (
              <DropdownMenu.Item key={index} asChild className={menuItem} onSelect={() => act(option.value)}>
                <a href={option.url} target="_blank" rel="noopener noreferrer">
                  {option.text}
                </a>
              </DropdownMenu.Item>
            ) : (
              <DropdownMenu.Item key={index} className={menuItem} disabled={!onAction} onSelect={() => act(option.value)}>
                {option.text}
              </DropdownMenu.Item>
            ),
          )}
        </DropdownMenu.Content>
      </DropdownMenu.Portal>
    </DropdownMenu.Root>
  );
}

function Element({ element, blockId, onAction }: { element: ActionElement | ImageElement; blockId?: string } & Pick<Shared, "onAction">) {
  switch (element.type) {
    case "button":
      return <ActionButton element={element} blockId={blockId} onAction={onAction} />;
    case "static_select":
      return <Select element={element} blockId={blockId} onAction={onAction} />;
    case "overflow":
      return <Overflow element={element} blockId={blockId} onAction={onAction} />;
    case "image":
      return <ExternalImage src={element.imageUrl} alt={element.altText} className="size-18 rounded-md border border-border object-cover" />;
  }
}

function Block({ block, nameOf, onAction }: { block: RichBlock } & Shared) {
  switch (block.type) {
    case "section":
      return (
        <div className="flex gap-3">
          <div className="min-w-0 flex-1">
            {block.text && <MessageMarkdown body={block.text} nameOf={nameOf} />}
            {block.fields.length > 0 && (
              <div className="mt-1 grid grid-cols-2 gap-x-6 gap-y-2">
                {block.fields.map((field, index) => (
                  <MessageMarkdown key={index} body={field} nameOf={nameOf} />
                ))}
              </div>
            )}
          </div>
          {block.accessory && (
            <div className="shrink-0">
              <Element element={block.accessory} blockId={block.blockId} onAction={onAction} />
            </div>
          )}
        </div>
      );
    case "context":
      return (
        <div className="flex flex-wrap items-center gap-x-2 gap-y-1 text-xs text-muted">
          {block.elements.map((element, index) =>
            element.type === "image" ? (
              <ExternalImage key={index} src={element.imageUrl} alt={element.altText} className="size-4 rounded-sm object-cover" />
            ) : (
              <MessageMarkdown key={index} body={element.text} nameOf={nameOf} />
            ),
          )}
        </div>
      );
    case "divider":
      return <hr className="my-1 border-border" />;
    case "header":
      return <h3 className="text-base font-bold leading-snug">{block.text}</h3>;
    case "image":
      return (
        <figure className="flex flex-col gap-1">
          {block.title && <figcaption className="text-xs text-muted">{block.title}</figcaption>}
          <ExternalImage src={block.imageUrl} alt={block.altText} className="max-h-80 max-w-full self-start rounded-md border border-border object-contain" />
        </figure>
      );
    case "actions":
      return (
        <div className="flex flex-wrap items-center gap-2">
          {block.elements.map((element, index) => (
            <Element key={index} element={element} blockId={block.blockId} onAction={onAction} />
          ))}
        </div>
      );
    case "rich_text":
      return <MessageMarkdown body={block.text} nameOf={nameOf} />;
  }
}

function Blocks({ blocks, ...shared }: { blocks: RichBlock[] } & Shared) {
  return (
    <div className="flex flex-col gap-1.5">
      {blocks.map((block, index) => (
        <Block key={index} block={block} {...shared} />
      ))}
    </div>
  );
}

function Attachment({ attachment, ...shared }: { attachment: LegacyAttachment } & Shared) {
  const { color, author, title, footer, ts } = attachment;
  // Checked again here: the model may come back from storage, and only a colour may reach the style attribute.
  const hex = color && HEX_COLOR.test(color) ? color : undefined;
  const time = ts === undefined || !Number.isFinite(new Date(ts * 1000).getTime()) ? undefined : new Date(ts * 1000);
  return (
    <div className="flex flex-col gap-1">
      {attachment.pretext && <MessageMarkdown body={attachment.pretext} nameOf={shared.nameOf} />}
      <div
        className={cn("flex max-w-2xl gap-3 border-l-4 py-0.5 pl-3", !hex && namedColor(color))}
        style={hex ? { borderColor: hex } : undefined}
      >
        <div className="flex min-w-0 flex-1 flex-col gap-1">
          {author && (
            <div className="flex items-center gap-1.5 text-xs font-semibold">
              {author.icon && <ExternalImage src={author.icon} alt="" className="size-4 rounded-sm object-cover" />}
              {author.link ? (
                <a href={author.link} target="_blank" rel="noopener noreferrer nofollow" className="hover:underline">
                  {author.name}
                </a>
              ) : (
                <span>{author.name}</span>
              )}
            </div>
          )}
          {title &&
            (title.link ? (
              <a href={title.link} target="_blank" rel="noopener noreferrer nofollow" className="font-bold text-accent hover:underline">
                {title.text}
              </a>
            ) : (
              <p className="font-bold">{title.text}</p>
            ))}
          {attachment.text && <MessageMarkdown body={attachment.text} nameOf={shared.nameOf} />}
          {attachment.fields.length > 0 && (
            <dl className="grid grid-cols-2 gap-x-6 gap-y-1">
              {attachment.fields.map((field, index) => (
                <div key={index} className={field.short ? undefined : "col-span-2"}>
                  {field.title && <dt className="text-xs font-bold">{field.title}</dt>}
                  <dd>
                    <MessageMarkdown body={field.value} nameOf={shared.nameOf} />
                  </dd>
                </div>
              ))}
            </dl>
          )}
          {attachment.imageUrl && (
            <ExternalImage src={attachment.imageUrl} alt={title?.text ?? "Attached image"} className="max-h-80 max-w-full self-start rounded-md border border-border object-contain" />
          )}
          {attachment.blocks.length > 0 && <Blocks blocks={attachment.blocks} {...shared} />}
          {(footer || time) && (
            <div className="flex flex-wrap items-center gap-1.5 text-xs text-muted">
              {footer?.icon && <ExternalImage src={footer.icon} alt="" className="size-4 rounded-sm object-cover" />}
              {footer && <MessageMarkdown body={footer.text} nameOf={shared.nameOf} />}
              {footer && time && <span aria-hidden="true">·</span>}
              {time && (
                <time dateTime={time.toISOString()} title={formatFull(time)}>
                  {formatDay(time)} at {formatTime(time)}
                </time>
              )}
            </div>
          )}
        </div>
        {attachment.thumbUrl && <ExternalImage src={attachment.thumbUrl} alt={title?.text ?? ""} className="size-18 shrink-0 rounded-md object-cover" />}
      </div>
    </div>
  );
}

/** An app's Block Kit blocks and legacy attachments, drawn with Confab's own components (no HTML from the app). */
export function RichContent({ blocks, attachments, ...shared }: { blocks: RichBlock[]; attachments: LegacyAttachment[] } & Shared) {
  if (blocks.length === 0 && attachments.length === 0) return null;
  return (
    <div className="mt-0.5 flex max-w-2xl flex-col gap-2">
      {blocks.length > 0 && <Blocks blocks={blocks} {...shared} />}
      {attachments.map((attachment, index) => (
        <Attachment key={index} attachment={attachment} {...shared} />
      ))}
    </div>
  );
}
