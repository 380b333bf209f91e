import { writeFileSync } from "node:fs";

/** An RGBA image, as pngjs reads a screenshot. */
export type RgbaImage = { width: number; height: number; data: Uint8Array };

/**
 * A Y4M video (the format Chromium's fake camera plays with
 * --use-file-for-fake-video-capture) that shows `image` — a screenshot of a
 * printed receipt's QR, say — enlarged to fill most of the frame, centred on
 * white, as a camera held over the receipt would see it.
 */
export function writeImageVideo(path: string, image: RgbaImage, { width = 640, height = 480, frames = 10 } = {}): void {
  // Enlarged (nearest pixel) to 60 % of the frame's height: held much closer, the QR overflows the scanner's box.
  const scale = (Math.min(width, height) * 0.6) / Math.max(image.width, image.height);
  const [w, h] = [Math.floor(image.width * scale), Math.floor(image.height * scale)];
  const left = Math.floor((width - w) / 2);
  const top = Math.floor((height - h) / 2);
  // Luma in video range (16 black … 235 white); chroma neutral. Each pixel is printed ink or paper,
  // as a camera's exposure makes it: the grey of an anti-aliased module edge becomes one or the other.
  const luma = Buffer.alloc(width * height, 235);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const at = (Math.floor(y / scale) * image.width + Math.floor(x / scale)) * 4;
      const [r, g, b, a] = [image.data[at]!, image.data[at + 1]!, image.data[at + 2]!, image.data[at + 3]!];
      // Transparent pixels are paper.
      const grey = ((0.299 * r + 0.587 * g + 0.114 * b) * a + 255 * (255 - a)) / 255;
      luma[(top + y) * width + left + x] = grey < 128 ? 16 : 235;
    }
  }
  const chroma = Buffer.alloc((width / 2) * (height / 2) * 2, 128);
  const frame = Buffer.concat([Buffer.from("FRAME\n"), luma, chroma]);
  const header = Buffer.from(`YUV4MPEG2 W${width} H${height} F10:1 Ip A1:1 C420jpeg\n`);
  writeFileSync(path, Buffer.concat([header, ...Array.from({ length: frames }, () => frame)]));
}
