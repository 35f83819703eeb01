import { readFile } from "node:fs/promises";
import path from "node:path";
import sharp from "sharp";

/** Every app icon is rendered from the one SVG (public/icon.svg) on first request, then kept. */
const SIZES = new Set([96, 180, 192, 512]);
const rendered = new Map<number, Promise<Buffer>>();

async function render(size: number): Promise<Buffer> {
  const svg = await readFile(path.join(process.cwd(), "public", "icon.svg"));
  return sharp(svg, { density: Math.ceil((72 * size) / 512) * 2 }).resize(size, size).png().toBuffer();
}

export async function GET(_request: Request, { params }: { params: Promise<{ size: string }> }) {
  const size = Number((await params).size);
  if (!SIZES.has(size)) return new Response("No icon of that size", { status: 404 });
  if (!rendered.has(size)) rendered.set(size, render(size));
  const png = await rendered.get(size)!;
  return new Response(new Uint8Array(png), { headers: { "content-type": "image/png", "cache-control": "public, max-age=86400" } });
}
