// Page weight of a first load of the release build (measured, reported; see the budget).
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdir, readFile } from "node:fs/promises";
import { gzipSync } from "node:zlib";
import { join } from "node:path";
import { dist } from "./fixtures/playground.mjs";

test("first-load transfer of the release build, gzipped", async () => {
  const files = (await readdir(dist)).filter((name) => /\.(wasm|js|css|html)$/.test(name));
  let total = 0;
  for (const name of files) {
    const size = gzipSync(await readFile(join(dist, name)), { level: 9 }).length;
    total += size;
    console.log(`${name}: ${(size / 1024).toFixed(1)} KiB gzipped`);
  }
  console.log(`total first load: ${(total / 1024).toFixed(1)} KiB = ${(total / 1000).toFixed(1)} kB gzipped (budget 500 kB)`);
  assert.ok(files.some((name) => name.endsWith(".wasm")), "the build has its wasm");
  // Sizes are deterministic for a given build: the budget of issue #5 is a limit, not a wish.
  assert.ok(total <= 500_000, `first load is ${total} bytes gzipped, over the 500 kB budget`);
});
