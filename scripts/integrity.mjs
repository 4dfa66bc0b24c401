// Rewrites the Subresource Integrity hashes trunk put on dist/index.html's preload links, for
// files scripts/build-web.sh replaced after trunk (the split wasm and its glue).
// Usage: node scripts/integrity.mjs dist/index.html
import { readFileSync, writeFileSync } from "node:fs";
import { createHash } from "node:crypto";
import { dirname, join } from "node:path";

const file = process.argv[2] || "dist/index.html";
const html = readFileSync(file, "utf8").replace(
  /(<link\b[^>]*\bhref="\.\/([^"]+)"[^>]*\bintegrity=")sha384-[^"]*"/g,
  (_, head, href) => `${head}sha384-${createHash("sha384").update(readFileSync(join(dirname(file), href))).digest("base64")}"`,
);
writeFileSync(file, html);
