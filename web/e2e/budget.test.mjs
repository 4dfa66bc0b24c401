// Page weight of a first load of the release build: every file Chromium fetches to show the
// default example, gzipped (measured, reported). The goal is 500 kB and the limit 600 kB (issue
// 15): the test fails over the limit and reports the distance to the goal. jsonata.js is not
// among them: the page loads it only for a definition that uses JSONata.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { gzipSync } from "node:zlib";
import { join } from "node:path";
import { dist, useServerAndBrowser, Playground } from "./fixtures/playground.mjs";

const env = useServerAndBrowser();

test("first-load transfer of the release build, gzipped", async () => {
  const context = await env.browser.newContext();
  const page = await context.newPage();
  const fetched = new Set();
  page.on("request", (request) => {
    const url = new URL(request.url());
    const root = new URL(env.server.url);
    if (url.origin === root.origin) fetched.add(url.pathname.slice(root.pathname.length) || "index.html");
  });
  const playground = new Playground(page);
  await page.goto(env.server.url);
  await playground.ready();
  await page.waitForLoadState("networkidle");

  let total = 0;
  for (const name of [...fetched].sort()) {
    const size = gzipSync(await readFile(join(dist, name)), { level: 9 }).length;
    total += size;
    console.log(`${name}: ${(size / 1024).toFixed(1)} KiB gzipped`);
  }
  const jsonata = gzipSync(await readFile(join(dist, "build/jsonata.js")), { level: 9 }).length;
  console.log(
    `total first load: ${(total / 1024).toFixed(1)} KiB = ${(total / 1000).toFixed(1)} kB gzipped ` +
      `(goal 500 kB: ${total <= 500_000 ? "met" : `${((total - 500_000) / 1000).toFixed(1)} kB over`}; limit 600 kB)`,
  );
  console.log(`jsonata.js, loaded on demand: ${(jsonata / 1024).toFixed(1)} KiB gzipped`);
  assert.ok([...fetched].some((name) => name.endsWith(".wasm")), "the first load fetched the wasm");
  assert.ok(!fetched.has("build/jsonata.js"), "the default example (JSONPath) does not need jsonata.js");
  // The interpreter is a second wasm module (crates/asl-web/src/engine.rs): a first visit does
  // not fetch it; the first Run does, and the run works.
  assert.ok(!fetched.has("split_engine.wasm"), "the first load does not fetch the interpreter's module");
  const engine = gzipSync(await readFile(join(dist, "split_engine.wasm")), { level: 9 }).length;
  console.log(`split_engine.wasm, loaded on the first Run or Debug: ${(engine / 1024).toFixed(1)} KiB gzipped`);
  await playground.run();
  assert.ok(fetched.has("split_engine.wasm"), "Run fetched the interpreter's module");
  // Sizes are deterministic for a given build: the limit of issue 15 is a limit, not a wish.
  const LIMIT = 600_000;
  assert.ok(total <= LIMIT, `first load is ${total} bytes gzipped, over the ${LIMIT / 1000} kB limit`);
  await context.close();
});
