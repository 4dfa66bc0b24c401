// The playground's Worker for mocks written in Python: Pyodide (self-hosted beside this file, in
// build/pyodide/, copied there by the build; never a CDN) running the CLI's own runner
// (crates/asl-mocks/src/runner.py, bundled as text), so that handlers see the same context,
// clock, random numbers and error mapping as with `asl run --mocks mocks.py`.
//
// One Worker serves every Python mocks module of the page (Run, the debugger): loading Pyodide
// takes seconds, loading a module into it milliseconds. Each module has an id; a call names its
// module. Python cannot be interrupted here (that needs cross-origin isolation, which a static
// page does not have): on a timeout the page terminates this Worker and starts another, and says
// so. The same private port, nonce and lockdown as the JavaScript Worker (mocks-worker.js).
import RUNNER from "../../crates/asl-mocks/src/runner.py";
import { lockDown, describe } from "./mocks-lockdown.js";

const apply = Reflect.apply;
const post = MessagePort.prototype.postMessage;
const dataOf = Object.getOwnPropertyDescriptor(MessageEvent.prototype, "data").get;

// The Python side: one Runner per module id, all sharing the one interpreter (the runner's
// clock and capture are installed once).
const GLUE = `
import json, sys, types
_runner_module = types.ModuleType("asl_runner")
exec(compile(RUNNER_SOURCE, "runner.py", "exec"), _runner_module.__dict__)
_runners = {}
_shared = None

def asl_load(module_id, source, file_name):
    global _shared
    if _shared is None:
        _shared = _runner_module.Runner()
    runner = _runner_module.Runner.__new__(_runner_module.Runner)
    runner.clock = _shared.clock
    runner.capture = _shared.capture
    runner.functions = {}
    runner.execution = {"id": None, "input": None}
    _runners[module_id] = runner
    try:
        return json.dumps(runner.load(source, file_name))
    except BaseException:
        import traceback
        _runners.pop(module_id, None)
        return json.dumps({"error": traceback.format_exc().rstrip(), "logs": runner.capture.take()})

def asl_answer(module_id, line):
    return _runners[module_id].answer(line)

def asl_drop(module_id):
    _runners.pop(module_id, None)
`;

async function start(port, baseUrl) {
  const send = (message) => apply(post, port, [message]);
  const started = performance.now();
  let python;
  let failed = null;
  try {
    const { loadPyodide } = await import(/* webpackIgnore: true */ `${baseUrl}pyodide/pyodide.mjs`);
    const pyodide = await loadPyodide({ indexURL: `${baseUrl}pyodide/` });
    pyodide.globals.set("RUNNER_SOURCE", RUNNER);
    pyodide.runPython(GLUE);
    python = {
      load: pyodide.globals.get("asl_load"),
      answer: pyodide.globals.get("asl_answer"),
      drop: pyodide.globals.get("asl_drop"),
    };
  } catch (error) {
    failed = `Pyodide did not load: ${describe(error)}`;
  }
  const loadMillis = performance.now() - started;
  lockDown();

  port.onmessage = (event) => {
    const data = apply(dataOf, event, []);
    const nonce = data.nonce;
    let reply;
    try {
      if (failed) reply = { error: failed };
      else if (data.type === "load") reply = { used: python.load(data.moduleId, data.source, data.fileName) };
      else if (data.type === "call") reply = { answer: python.answer(data.moduleId, data.request) };
      else if (data.type === "drop") reply = { dropped: python.drop(data.moduleId) ?? true };
      else reply = { error: `unknown message ${data.type}` };
    } catch (error) {
      reply = { error: describe(error) };
    }
    send({ nonce, ...reply });
  };
  send({ ready: true, loadMillis, error: failed });
}

self.onmessage = (event) => {
  const data = apply(dataOf, event, []);
  self.onmessage = null;
  start(data.port, data.baseUrl);
};
