// WebAssembly against native (issue 15): loop-10000 and map-10000 of ../shared/bench, run
// through the page's own run loop with AWS's limits off (as `asl run --no-limits`), and by the
// CLI. Checks that the page's output is the workload's expected output; prints the times for
// the report, nothing asserts a time. The page's figures are two performance measures: `asl-drive`
// around the run loop alone (stepping, answering mocks, yielding to the browser), the one to set
// against the CLI's `execute` phase of `--timings`; and `asl-execute` around all a Run does
// (loading the definition, input and mocks, the run loop, building the result's view). The CLI
// is target/release/asl when it is built (`cargo build --release -p asl-cli`), else the debug
// build, whose figure says little.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { repoRoot, useServerAndBrowser, Playground } from "./fixtures/playground.mjs";

const env = useServerAndBrowser();
const workloads = mkdtempSync(join(tmpdir(), "asl-wasm-native-"));
const release = join(repoRoot, "target/release/asl");
const cli = existsSync(release) ? release : join(repoRoot, "target/debug/asl");

for (const name of ["loop-10000", "map-10000"]) {
  test(`${name}: the page's output is the expected one; wasm and native times`, async () => {
    execFileSync("python3", [join(repoRoot, "../shared/bench/gen.py"), "--out", workloads, name]);
    const dir = join(workloads, name);
    const read = (file) => readFileSync(join(dir, file), "utf8");

    const playground = await Playground.open(env.browser, env.server.url);
    await playground.replaceText("definition", read("definition.json"));
    await playground.replaceText("input", read("input.json"));
    await playground.replaceText("mocks", read("mocks.json"));
    await playground.waitForNoProblems();
    await playground.page.locator("[data-testid=aws-limits]").evaluate((box) => {
      box.checked = false;
      box.dispatchEvent(new Event("change", { bubbles: true }));
    });
    // The first Run also fetches the engine's module: time a second one.
    const pageMs = [];
    const wholeMs = [];
    const lastMeasure = (name) =>
      playground.page.evaluate((name) => {
        const entries = performance.getEntriesByName(name);
        return entries[entries.length - 1].duration;
      }, name);
    // Run is clicked from inside the page and the end awaited by a slow poll: Playwright's own
    // checks (actionability, visibility polled each frame) would otherwise run in the run loop's
    // yields and count in its time.
    for (let round = 0; round < 6; round++) {
      await playground.page.evaluate(() => document.querySelector("[data-testid=run]").click());
      await playground.page.waitForFunction((runs) => performance.getEntriesByName("asl-execute").length > runs, round, {
        polling: 250,
        timeout: 60000,
      });
      assert.equal(await playground.status(), "SUCCEEDED");
      pageMs.push(await lastMeasure("asl-drive"));
      wholeMs.push(await lastMeasure("asl-execute"));
    }
    assert.deepEqual(await playground.output(), JSON.parse(read("expected_output.json")));

    const args = ["run", join(dir, "definition.json"), "--input", join(dir, "input.json"), "--mocks", join(dir, "mocks.json")];
    const nativeMs = [];
    for (let round = 0; round < 5; round++) {
      const run = spawnSync(cli, [...args, "--no-limits", "--format", "json", "--timings"], { encoding: "utf8", maxBuffer: 1 << 28 });
      assert.equal(run.status, 0, run.stderr);
      nativeMs.push(Number(/execute ([\d.]+) ms/.exec(run.stderr)?.[1]));
    }
    const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
    const wasm = median(pageMs.slice(1));
    const whole = median(wholeMs.slice(1));
    const native = median(nativeMs);
    console.log(
      `${name}: page run loop ${wasm.toFixed(1)} ms (rounds ${pageMs.map((ms) => ms.toFixed(1)).join(", ")}), ` +
        `whole Run ${whole.toFixed(1)} ms (rounds ${wholeMs.map((ms) => ms.toFixed(1)).join(", ")}; the first fetches the engine), ` +
        `native execute ${native.toFixed(1)} ms (${cli.includes("release") ? "release" : "DEBUG build: build target/release/asl to compare"}): ` +
        `wasm/native ${(wasm / native).toFixed(2)}`,
    );
    await playground.close();
  });
}
