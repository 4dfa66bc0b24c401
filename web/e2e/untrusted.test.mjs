// Untrusted text is only ever text (issue 16): a share link from a stranger whose state names,
// Comments, error names, causes, outputs and mocks' console output are markup (`<script>`,
// `"><img onerror>`, `javascript:` URLs, SVG and CSS tricks) is opened, run, stepped through and
// its graph exported as SVG. No script of the payload runs (it would call window.__pwned, open a
// dialog or a window, navigate, or at least trip the Content-Security-Policy), no element of it
// reaches the page, and every text is shown literally: editor, graph labels and tooltips, tables,
// path, inspector, problems, run summary and the exported SVG.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { deflateRawSync } from "node:zlib";
import { useServerAndBrowser } from "./fixtures/playground.mjs";
import { openWatched, traces } from "./fixtures/security.mjs";

const env = useServerAndBrowser("/docs/tools/playground/");

/// A long payload (Comments, errors, causes, outputs, console output): every trick at once.
const payload = (tag) =>
  `${tag}: <script>__pwned("${tag}-script")</script>"><img src=x onerror="__pwned('${tag}-img');alert('${tag}')">` +
  `<svg onload="__pwned('${tag}-svg')"><a href="javascript:__pwned('${tag}-a')">a</a></svg>` +
  `<style>body{display:none}</style><iframe srcdoc="<script>parent.__pwned('${tag}-frame')</script>"></iframe>` +
  `]]></text><!-- &lt;b&gt;kept&lt;/b&gt; &amp; 'q' -->`;

// State names are at most 80 characters: one trick each.
const names = {
  pass: `"><img src=x onerror=__pwned('pass')>`,
  task: `<script>__pwned('task')</script>`,
  choice: `</text><svg onload=__pwned('choice')>`,
  fail: `javascript:__pwned('fail') &lt;b&gt; ]]>`,
};

const definition = {
  Comment: payload("comment"),
  StartAt: names.pass,
  States: {
    [names.pass]: {
      Type: "Pass",
      Comment: payload("state-comment"),
      Result: { html: payload("output"), url: "javascript:__pwned('url')" },
      ResultPath: "$.pass",
      Next: names.task,
    },
    [names.task]: {
      Type: "Task",
      Resource: "arn:aws:states:::lambda:invoke",
      Parameters: { FunctionName: "f", "Payload.$": "$" },
      Catch: [{ ErrorEquals: [payload("error")], ResultPath: "$.caught", Next: names.choice }],
      Next: names.choice,
    },
    // No Default: a warning that names the state, in the problems list.
    [names.choice]: {
      Type: "Choice",
      Choices: [{ Variable: "$.caught.Error", StringEquals: payload("error"), Next: names.fail }],
    },
    [names.fail]: { Type: "Fail", Error: payload("fail-error"), Cause: payload("fail-cause") },
  },
};
const workspace = {
  definition: JSON.stringify(definition, null, 2) + "\n",
  input: JSON.stringify({ given: payload("input") }, null, 2) + "\n",
  mocks: JSON.stringify({ [names.task]: { 0: { Throw: { Error: payload("error"), Cause: payload("cause") } } } }, null, 2) + "\n",
  startTime: "2025-01-01T00:00:00Z",
  seed: 1,
};
const link = (url) => `${url}#s=${deflateRawSync(Buffer.from(JSON.stringify(workspace))).toString("base64url")}`;

/// `text` as it shows inside JSON (the inspector, events and outputs show JSON).
const inJson = (text) => JSON.stringify(text).slice(1, -1);

async function assertNothingRan(playground, when) {
  const seen = await traces(playground);
  assert.deepEqual(seen.pwned, [], `${when}: payload scripts ran`);
  assert.deepEqual(seen.violations, [], `${when}: the policy had to block something the page put in`);
  assert.deepEqual(seen.cspConsole, [], `${when}: policy messages on the console`);
  assert.deepEqual(seen.smuggled, [], `${when}: payload elements in the page`);
  assert.deepEqual(seen.css, [], `${when}: payload CSS in the page`);
  assert.deepEqual(seen.dialogs, [], `${when}: dialogs`);
  assert.deepEqual(seen.popups, [], `${when}: windows opened`);
  assert.equal(seen.frames.length, 1, `${when}: frames in the page: ${seen.frames}`);
  const url = new URL(playground.page.url());
  assert.equal(url.origin + url.pathname, env.server.url, `${when}: the page navigated away`);
}

test("a hostile share link is shown as text, runs, steps and exports without running any of it", async () => {
  const playground = await openWatched(env.browser, env.server.url);
  const page = playground.page;
  await page.goto(link(env.server.url));
  await page.waitForSelector("body[data-shared=true]");
  await assertNothingRan(playground, "opened");

  // The editors hold the text exactly, and draw it as text.
  assert.equal(await playground.text("definition"), workspace.definition);
  assert.equal(await playground.text("mocks"), workspace.mocks);
  const drawn = await page.locator("[data-testid=definition-editor] .cm-content").innerText();
  for (const name of Object.values(names)) assert.ok(drawn.includes(inJson(name)), `editor shows ${name}`);

  // Problems: the warning names the Choice, literally.
  await playground.waitForProblem("has no \"Default\"");
  assert.ok((await playground.problems().allInnerTexts()).some((text) => text.includes(`Choice "${names.choice}" has no "Default"`)));

  // The graph: each name is a label, and a tooltip, as text.
  const graph = page.locator("[data-testid=graph] svg");
  await graph.first().waitFor();
  const labels = await graph.first().evaluate((svg) => ({
    text: [...svg.querySelectorAll("text")].map((node) => node.textContent),
    described: [...svg.querySelectorAll("[aria-label]")].map((node) => node.getAttribute("aria-label")),
  }));
  for (const name of Object.values(names)) {
    assert.ok(labels.text.some((text) => text.includes(name)), `graph label ${name}: ${labels.text}`);
    assert.ok(labels.described.some((text) => text.includes(name)), `graph accessible name ${name}`);
  }
  // The Catch's error name labels its edge (shortened to 32 characters), as text.
  assert.ok(labels.text.some((text) => text.includes('error: <script>__pwned("error')), `the catch label: ${labels.text}`);
  await assertNothingRan(playground, "drawn");

  // Run: FAILED with the payload's error and cause, shown literally.
  await playground.run();
  assert.equal(await playground.status(), "FAILED");
  assert.equal(await page.locator("[data-testid=error]").innerText(), payload("fail-error"));
  assert.ok((await page.locator("[data-testid=cause]").innerText()).includes(payload("fail-cause")));
  const path = (await playground.path()).join(" → ");
  for (const name of Object.values(names)) assert.ok(path.includes(name), `path shows ${name}: ${path}`);
  const events = await page.locator("[data-testid=history]").innerText();
  for (const name of Object.values(names)) assert.ok(events.includes(name), `events show ${name}`);
  assert.ok(events.includes(inJson(payload("cause"))) || events.includes(payload("cause")), "events show the cause");
  await assertNothingRan(playground, "run");

  // The exported SVG: well-formed, the names as text, nothing active in it.
  const [download] = await Promise.all([page.waitForEvent("download"), page.locator("[data-testid=export-svg]").click()]);
  assert.equal(download.suggestedFilename(), "state-machine.svg");
  const svg = await readFile(await download.path(), "utf8");
  const exported = await page.evaluate((svg) => {
    const doc = new DOMParser().parseFromString(svg, "image/svg+xml");
    const elements = [...doc.querySelectorAll("*")];
    return {
      error: doc.querySelector("parsererror")?.textContent ?? null,
      root: doc.documentElement.localName,
      kinds: [...new Set(elements.map((element) => element.localName))].sort(),
      handlers: elements.flatMap((element) => [...element.attributes].filter((attribute) => /^on|href/i.test(attribute.name)).map((attribute) => attribute.name)),
      text: [...doc.querySelectorAll("text, title")].map((node) => node.textContent),
    };
  }, svg);
  assert.equal(exported.error, null, "the SVG parses");
  assert.equal(exported.root, "svg");
  for (const kind of ["script", "img", "iframe", "a", "foreignObject"]) assert.ok(!exported.kinds.includes(kind), `a <${kind}> in the SVG`);
  assert.deepEqual(exported.handlers, [], "event handlers or links in the SVG");
  assert.equal(exported.kinds.filter((kind) => kind === "style").length <= 1, true);
  for (const name of Object.values(names)) assert.ok(exported.text.some((text) => text.includes(name)), `SVG shows ${name}`);

  // Step through it in the debugger: the inspector shows every value as text.
  await playground.debug();
  const ended = () => page.locator("[data-testid=debug-step]").isDisabled();
  for (let move = 0; move < 12 && !(await ended()); move += 1) await playground.step();
  assert.match(await playground.debugStatus(), /ended/);
  assert.equal(await page.locator("[data-testid=debug-execution-status]").innerText(), "FAILED");
  const debugEvents = await page.locator("[data-testid=debugger]").innerText();
  for (const name of Object.values(names)) assert.ok(debugEvents.includes(name), `the debugger's events show ${name}`);
  await playground.back();
  // In the debugger, each state has a breakpoint toggle whose tooltip names it.
  const titles = await page.locator("[data-testid=graph] svg title").allTextContents();
  for (const name of Object.values(names)) assert.ok(titles.some((text) => text.includes(name)), `tooltip ${name}: ${titles}`);
  const inspector = await playground.inspectorText();
  assert.ok(inspector.includes(inJson(payload("output"))) || inspector.includes(payload("output")), "the inspector shows the output");
  await assertNothingRan(playground, "stepped");
  await playground.screenshot("untrusted-share-link");
  await playground.close();
});

test("console output and errors of mocks written as code are text too", async () => {
  const playground = await openWatched(env.browser, env.server.url);
  const page = playground.page;
  await page.goto(link(env.server.url));
  await page.waitForSelector("body[data-shared=true]");
  // No mock for the Task: the run stops with a message that names it, as text.
  await playground.replaceText("mocks", "{}");
  await playground.run();
  assert.ok((await page.locator("[data-testid=run-problem]").innerText()).includes(names.task), "the missing mock's state");
  const mocks = `export default {
  ${JSON.stringify(names.task)}: async () => {
    console.log(${JSON.stringify(payload("console"))});
    console.error(${JSON.stringify(payload("console-error"))});
    const error = new Error(${JSON.stringify(payload("js-cause"))});
    error.name = ${JSON.stringify(payload("error"))};
    throw error;
  },
};
`;
  await playground.replaceText("mocks", mocks);
  await playground.run();
  assert.equal(await playground.status(), "FAILED");
  const logs = await page.locator("[data-testid=task-logs]").allInnerTexts();
  assert.ok(logs.join("\n").includes(payload("console")), `console output shown literally: ${logs}`);
  assert.ok(logs.join("\n").includes(payload("console-error")));
  const events = await page.locator("[data-testid=history]").innerText();
  assert.ok(events.includes(inJson(payload("js-cause"))) || events.includes(payload("js-cause")), "the thrown error's message");
  await assertNothingRan(playground, "mocks as code");
  await playground.close();
});

test("a damaged or foreign share link is refused with a message, and the user's work stays", async () => {
  const playground = await openWatched(env.browser, env.server.url);
  const page = playground.page;
  await playground.replaceText("input", '{"mine": true}');
  const deflated = (text) => deflateRawSync(Buffer.from(text)).toString("base64url");
  const links = {
    "not base64url": ["s=<img src=x onerror=__pwned('link')>", /base64url/],
    "not deflate": [`s=${Buffer.from("plain text, not compressed").toString("base64url")}`, /damaged/],
    "not JSON": [`s=${deflated("<script>__pwned('json')</script>")}`, /does not hold a workspace/],
    "not a workspace": [`s=${deflated(JSON.stringify({ definition: 5, input: ["<b>"], mocks: null }))}`, /does not hold a workspace/],
  };
  let visit = 0;
  for (const [what, [fragment, why]] of Object.entries(links)) {
    // A full load each time (the query differs), so that each message is this link's.
    visit += 1;
    await page.goto(`${env.server.url}?visit=${visit}#${fragment}`);
    await playground.ready();
    const problem = page.locator("[data-testid=run-problem]", { hasText: "The shared link cannot be opened" });
    await problem.waitFor({ timeout: 5000 });
    assert.match(await problem.innerText(), why, what);
    assert.equal(await playground.text("input"), '{"mine": true}', `${what}: the user's input is kept`);
    await assertNothingRan(playground, what);
  }
  await playground.close();
});
