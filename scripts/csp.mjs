// Puts the playground's Content-Security-Policy into the built page (scripts/build-web.sh runs it
// on dist/index.html after trunk). A static host cannot be trusted to send headers, so the policy
// is a <meta> tag, placed before any script. trunk writes one inline start-up script (it imports
// the wasm-bindgen glue and starts the wasm); it is allowed by its hash, computed here from the
// built page, so no other inline script can run: not one a share link smuggles into the page, not
// an event-handler attribute, not a `javascript:` URL.
//
// Usage: node scripts/csp.mjs dist/index.html   (prints the policy; idempotent)
import { readFileSync, writeFileSync } from "node:fs";
import { createHash } from "node:crypto";

const file = process.argv[2] || "dist/index.html";
let html = readFileSync(file, "utf8");
// Built again from trunk's output each time: drop a policy a previous run put in.
html = html.replace(/\s*<meta http-equiv="Content-Security-Policy"[^>]*>/, "");

const inline = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)].filter(
  ([, attributes]) => !/\bsrc\s*=/.test(attributes),
);
if (inline.length === 0) throw new Error(`${file}: no inline script found: is this trunk's output?`);
const hashes = inline.map(([, , body]) => `'sha256-${createHash("sha256").update(body, "utf8").digest("base64")}'`);

const policy = [
  // Nothing is allowed unless listed below (frames, objects, fonts, media, manifests…).
  "default-src 'none'",
  // Scripts: the page's own files only (the wasm-bindgen glue, build/editor.js and its chunks,
  // build/jsonata.js and build/mocks.js, loaded on demand by script elements), trunk's start-up
  // script by its hash, and 'wasm-unsafe-eval' to compile the WebAssembly module. No
  // 'unsafe-eval': the page makes no code from strings (jsonata parses expressions itself), and
  // no 'unsafe-inline'.
  `script-src 'self' 'wasm-unsafe-eval' ${hashes.join(" ")}`,
  // Styles: the page's stylesheet, plus inline styles: the graph is an SVG that carries its own
  // <style> (so that a drawing is self-contained, as when exported), rows of the events table are
  // indented by a style attribute, and Leptos and CodeMirror set styles from script. Styles cannot
  // run script, and with nothing but the page's origin to load from, they cannot send anything away.
  "style-src 'self' 'unsafe-inline'",
  // Images: the page's own, and the empty `data:,` favicon (it saves a request).
  "img-src 'self' data:",
  // Network: the page's own origin only (the wasm, gallery.json); never another site.
  "connect-src 'self'",
  // Workers: mocks written as code run in build/mocks-worker.js and build/mocks-python-worker.js
  // (Pyodide, self-hosted under build/pyodide/), same-origin files. A Worker started from a URL
  // gets its own policy from its own response, not this one: what it may do is decided by
  // web/src/mocks-lockdown.js before any user code runs (no network, storage, Workers or eval;
  // the user's module is imported from a blob: URL inside the Worker).
  "worker-src 'self'",
  // No <base> may move relative URLs (the page works from any sub-path by them) and no form
  // posts anywhere.
  "base-uri 'none'",
  "form-action 'none'",
].join("; ");

const meta = `<meta http-equiv="Content-Security-Policy" content="${policy}" />`;
const charset = html.match(/<meta charset="[^"]*"\s*\/?>/i);
if (!charset) throw new Error(`${file}: no <meta charset>: the policy must come before any script`);
html = html.replace(charset[0], `${charset[0]}\n    ${meta}`);
if (html.indexOf(meta) > html.indexOf("<script")) throw new Error(`${file}: a script comes before the policy`);
writeFileSync(file, html);
console.log(`Content-Security-Policy: ${policy}`);
