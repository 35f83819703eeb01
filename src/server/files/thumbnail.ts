import type { Readable } from "node:stream";
import sharp from "sharp";

/** Thumbnails fit this box: sharp on high-density screens at the size messages show them. */
const THUMBNAIL_BOX = 720;

/**
 * An image's size and a WebP thumbnail (first frame of an animation), or null when the bytes do not decode as the
 * image they claimed to be: the file is then offered as a plain download.
 */
export async function makeThumbnail(image: Readable): Promise<{ width: number; height: number; thumbnail: Buffer } | null> {
  try {
    const decoder = sharp({ failOn: "error" });
    image.pipe(decoder);
    const [metadata, thumbnail] = await Promise.all([
      decoder.clone().metadata(),
      decoder.clone().rotate().resize(THUMBNAIL_BOX, THUMBNAIL_BOX, { fit: "inside", withoutEnlargement: true }).webp({ quality: 80 }).toBuffer(),
    ]);
    if (!metadata.width || !metadata.height) return null;
    // EXIF orientation 5–8 means the picture is shown turned a quarter.
    const turned = (metadata.orientation ?? 1) >= 5;
    return { width: turned ? metadata.height : metadata.width, height: turned ? metadata.width : metadata.height, thumbnail };
  } catch {
    return null;
  }
}
