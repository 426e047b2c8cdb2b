/**
 * A generated static site for the SyncedFolder benchmark: `count` files shaped like a built website (HTML pages in
 * nested sections, CSS and JS bundles, SVG icons, JSON data, raster images, a few large media and font files).
 * Sizes come from a seeded PRNG, so every run of one `count` has the same tree and the same total bytes; text files
 * are filler markup, images and fonts random bytes (incompressible, like real ones).
 */
import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { prng } from "../helpers/prng";

interface Kind {
  /** Share of the files. */
  share: number;
  dir: (i: number) => string;
  ext: string;
  minBytes: number;
  maxBytes: number;
  text: boolean;
}

const KB = 1024;
/** The mix, by share of files; about 33 KB per file on average, 1% of the files 0.5–2 MiB. */
const KINDS: Kind[] = [
  { share: 0.4, dir: (i) => `docs/section-${i % 12}/page-${Math.floor(i / 12) % 8}`, ext: ".html", minBytes: 2 * KB, maxBytes: 12 * KB, text: true },
  { share: 0.12, dir: () => "assets/css", ext: ".css", minBytes: 3 * KB, maxBytes: 30 * KB, text: true },
  { share: 0.18, dir: (i) => `assets/js/chunk-${i % 4}`, ext: ".js", minBytes: 5 * KB, maxBytes: 60 * KB, text: true },
  { share: 0.1, dir: () => "assets/icons", ext: ".svg", minBytes: 1 * KB, maxBytes: 8 * KB, text: true },
  { share: 0.04, dir: () => "data", ext: ".json", minBytes: 1 * KB, maxBytes: 6 * KB, text: true },
  { share: 0.15, dir: (i) => `img/${i % 5}`, ext: ".png", minBytes: 20 * KB, maxBytes: 150 * KB, text: false },
  { share: 0.01, dir: () => "media", ext: ".woff2", minBytes: 512 * KB, maxBytes: 2048 * KB, text: false },
];

const WORDS = "the quick brown fox jumps over lazy dog lorem ipsum dolor sit amet bucket object region prefix deploy".split(" ");

function textOf(ext: string, bytes: number, rnd: () => number, label: string): Buffer {
  const open = ext === ".html" ? `<!doctype html><html><head><title>${label}</title></head><body>\n` : ext === ".svg" ? `<svg xmlns="http://www.w3.org/2000/svg">\n` : ext === ".json" ? `{"id":"${label}","items":[\n` : `/* ${label} */\n`;
  const parts: string[] = [open];
  let n = open.length;
  while (n < bytes) {
    const w = WORDS[Math.floor(rnd() * WORDS.length)];
    const piece = ext === ".html" ? `<p class="w">${w}</p>\n` : ext === ".css" ? `.${w}-${n}{margin:${n % 17}px}\n` : ext === ".js" ? `export const ${w}${n}=${n};\n` : ext === ".svg" ? `<path d="M${n} ${n % 91}L${w.length} 0"/>\n` : `"${w}",\n`;
    parts.push(piece);
    n += piece.length;
  }
  return Buffer.from(parts.join("").slice(0, bytes), "utf8");
}

/** A generated site: relative paths (with `/`) and the total size. */
export interface Site {
  root: string;
  files: string[];
  totalBytes: number;
}

/** Writes `count` site files under `root` (deterministic tree and sizes for a given count). */
export function generateSite(root: string, count: number, seed = 13): Site {
  const rnd = prng(seed);
  const files: string[] = [];
  let totalBytes = 0;
  // Every kind but the first gets its share (at least one file); the HTML pages take the rest.
  const counts = KINDS.map((k) => Math.max(1, Math.round(count * k.share)));
  counts[0] = Math.max(0, count - counts.slice(1).reduce((a, b) => a + b, 0));
  KINDS.forEach((k, ki) => {
    for (let i = 0; i < counts[ki] && files.length < count; i++) {
      const rel = `${k.dir(i)}/${k.ext.slice(1)}-${i}${k.ext}`;
      const bytes = Math.round(k.minBytes + rnd() * (k.maxBytes - k.minBytes));
      const full = path.join(root, ...rel.split("/"));
      mkdirSync(path.dirname(full), { recursive: true });
      writeFileSync(full, k.text ? textOf(k.ext, bytes, rnd, rel) : randomBytes(bytes));
      files.push(rel);
      totalBytes += bytes;
    }
  });
  return { root, files: files.sort(), totalBytes };
}

/** Edits `n` files spread over the tree (a line appended, so the size and hash change); returns their paths. */
export function changeFiles(site: Site, n: number, marker: string): string[] {
  const step = Math.max(1, Math.floor(site.files.length / n));
  const picked = Array.from({ length: Math.min(n, site.files.length) }, (_, i) => site.files[(i * step + 3) % site.files.length]);
  for (const rel of picked) {
    const full = path.join(site.root, ...rel.split("/"));
    writeFileSync(full, Buffer.concat([readFileSync(full), Buffer.from(`\n<!-- ${marker} -->\n`)]));
  }
  return picked;
}
