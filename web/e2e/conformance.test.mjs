// Every conformance case, run by the web build's wasm in Chromium: the playground agrees with
// the CLI (which runs the same cases in crates/asl-cli/tests/cli.rs).
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdir, readFile } from "node:fs/promises";
import { join, basename, dirname } from "node:path";
import { useServerAndBrowser, Playground, repoRoot } from "./fixtures/playground.mjs";

const env = useServerAndBrowser();

async function collect(dir) {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  const files = [];
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) files.push(...(await collect(path)));
    else if (entry.name.endsWith(".json")) files.push(path);
  }
  return files;
}

test("the conformance cases pass in the browser as they do in the CLI", async () => {
  const files = [
    ...(await collect(join(repoRoot, "../shared/conformance/cases"))),
    ...(await collect(join(repoRoot, "crates/asl/tests/cases"))),
  ].sort();
  assert.ok(files.length > 100, `only ${files.length} case files found`);
  const known = (await readFile(join(repoRoot, "crates/asl/tests/known-failures.txt"), "utf8"))
    .split("\n")
    .map((line) => line.split("#")[0].trim())
    .filter(Boolean);
  const cases = await Promise.all(files.map(async (file) => ({
    id: `${basename(dirname(file))}/${basename(file, ".json")}`,
    text: await readFile(file, "utf8"),
  })));

  const playground = await Playground.open(env.browser, env.server.url);
  // One case at a time: JSONata cases await the page's jsonata, loaded on first use.
  const results = await playground.page.evaluate(async (cases) => {
    const results = [];
    for (const { id, text } of cases) {
      const problem = await new Promise((done) => window.wasmBindings.runConformanceCase(text, done));
      results.push({ id, problem });
    }
    return results;
  }, cases);
  const jsonataCases = results.filter(({ id }) => id.startsWith("jsonata/")).length;
  assert.ok(jsonataCases >= 7, `only ${jsonataCases} JSONata cases ran`);
  let passed = 0;
  let skipped = 0;
  const failures = [];
  for (const { id, problem } of results) {
    const isKnown = known.includes(id);
    if (problem === "" && isKnown) failures.push(`${id}: passes now; remove it from known-failures.txt`);
    else if (problem === "") passed++;
    else if (isKnown) skipped++;
    else failures.push(`${id}: ${problem}`);
  }
  console.log(`browser conformance: ${passed} passed, ${failures.length} failed, ${skipped} skipped (known failures)`);
  assert.deepEqual(failures, []);
  await playground.close();
});
