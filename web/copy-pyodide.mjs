// Copies the Pyodide runtime the playground's Python mocks need (web/src/mocks-python-worker.js)
// from node_modules into build/pyodide/, which trunk copies into dist/: self-hosted, never a CDN,
// and fetched only when a Python mock runs. Run by `npm run build` (trunk's pre_build hook).
import { copyFile, mkdir, stat } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const from = join(here, "node_modules", "pyodide");
const to = join(here, "build", "pyodide");
const FILES = ["pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip", "pyodide-lock.json"];

await mkdir(to, { recursive: true });
for (const name of FILES) {
  const source = join(from, name);
  const target = join(to, name);
  const [a, b] = await Promise.all([stat(source), stat(target).catch(() => null)]);
  if (b && b.size === a.size && b.mtimeMs >= a.mtimeMs) continue;
  await copyFile(source, target);
}
