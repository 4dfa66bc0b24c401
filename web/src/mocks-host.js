// The host of mocks written in JavaScript, shared by the CLI (run by QuickJS in crates/asl-mocks)
// and the playground (to run inside its mocks Web Worker). It uses no DOM and no Node API.
//
// A mocks file is one ES module whose default export (or, without one, whose named exports) maps
// names to functions, sync or async: `export default { ProcessPayment: async (input, context) => … }`.
// The host loads the module itself; this glue then answers one task request at a time, given the
// request the core shapes (asl::mock::code::CodeCall::to_host_json; the host sends the
// execution's input with the first request of each execution, and again after restarting the
// glue) and answering the JSON the core reads back (asl::mock::code::answer_from_host_json):
// - the function is looked up by the names the request lists, in order (state name, Lambda
//   function name, resource ARN);
// - inside mocks, Math.random (and crypto.getRandomValues / crypto.randomUUID) is seeded by the
//   request, and Date.now() / new Date() read the virtual clock, which stands still during a call;
// - console output is kept per call and returned with the answer;
// - a thrown error is described as the Node.js Lambda runtime reports it (errorType = the error's
//   name, errorMessage, trace); a thrown {Error, Cause} object is taken as is; a return value JSON
//   cannot hold (undefined, a function, a cycle, a BigInt) is reported, never a crash.
// The core turns that answer into the task's result or error (Lambda wrapping, error mapping).
//
// This file is a plain script: it defines one global function and nothing else. Call it once,
// before the mocks module is evaluated, so that the module's top-level code already sees the
// seeded Math.random, the virtual clock and the captured console.

globalThis.createAslMocks = function createAslMocks() {
  const MAX_LINES = 1000;
  const MAX_LINE_LENGTH = 10_000;
  const RealDate = Date;
  const hasOwn = (object, key) => Object.prototype.hasOwnProperty.call(object, key);

  // The virtual clock, the seeded generator and the console lines of the call in progress (or of
  // the module's loading, before the first call).
  const clock = { now: 0 };
  let random = sfc32(0x9e3779b9, 0x243f6a88, 0xb7e15162, 1);
  let lines = [];
  let dropped = 0;
  let functions = null;
  let busy = false;
  // The input of the execution in progress: it crosses once per execution (request.execution),
  // not with every call, and a copy goes back into $$ when a function reads contextObject.
  let execution = { id: null, input: null };

  // sfc32: a small, fast generator with a 128-bit state, seeded by the core (from the execution's
  // seed and the state and invocation), so every host draws the same numbers. Its first outputs
  // are discarded, as its author advises, so that similar seeds give unrelated numbers.
  function sfc32(a, b, c, d) {
    const next = function next() {
      a |= 0;
      b |= 0;
      c |= 0;
      d |= 0;
      const t = (((a + b) | 0) + d) | 0;
      d = (d + 1) | 0;
      a = b ^ (b >>> 9);
      b = (c + (c << 3)) | 0;
      c = (c << 21) | (c >>> 11);
      c = (c + t) | 0;
      return (t >>> 0) / 4294967296;
    };
    for (let i = 0; i < 12; i++) next();
    return next;
  }

  function VirtualDate(...args) {
    if (!new.target) return new RealDate(clock.now).toString();
    return args.length === 0 ? new RealDate(clock.now) : new RealDate(...args);
  }
  VirtualDate.prototype = RealDate.prototype;
  VirtualDate.now = () => clock.now;
  VirtualDate.parse = RealDate.parse;
  VirtualDate.UTC = RealDate.UTC;
  globalThis.Date = VirtualDate;
  Math.random = () => random();

  const seededCrypto = {
    getRandomValues(array) {
      for (let i = 0; i < array.length; i++) {
        array[i] = Math.floor(random() * 4294967296);
      }
      return array;
    },
    randomUUID() {
      const hex = [];
      for (let i = 0; i < 16; i++) hex.push(Math.floor(random() * 256));
      hex[6] = (hex[6] & 0x0f) | 0x40;
      hex[8] = (hex[8] & 0x3f) | 0x80;
      const text = hex.map((byte) => byte.toString(16).padStart(2, "0")).join("");
      return `${text.slice(0, 8)}-${text.slice(8, 12)}-${text.slice(12, 16)}-${text.slice(16, 20)}-${text.slice(20)}`;
    },
  };
  try {
    Object.defineProperty(globalThis, "crypto", { value: seededCrypto, configurable: true, writable: true });
  } catch (_) {
    // A host whose crypto cannot be replaced keeps it; Math.random is seeded either way.
  }
  if (globalThis.performance && typeof globalThis.performance.now === "function") {
    try {
      globalThis.performance.now = () => 0;
    } catch (_) {
      // Read-only in this host: leave it.
    }
  }

  function inspect(value) {
    if (typeof value === "string") return value;
    if (value === undefined) return "undefined";
    if (typeof value === "function") return `[Function: ${value.name || "(anonymous)"}]`;
    if (typeof value === "bigint") return `${value}n`;
    if (typeof value === "symbol") return value.toString();
    if (value instanceof Error) return value.message ? `${value.name}: ${value.message}` : String(value.name);
    try {
      const text = JSON.stringify(value);
      return text === undefined ? String(value) : text;
    } catch (_) {
      return String(value);
    }
  }
  function log(...args) {
    if (lines.length >= MAX_LINES) {
      dropped += 1;
      return;
    }
    const line = args.map(inspect).join(" ");
    lines.push(line.length > MAX_LINE_LENGTH ? `${line.slice(0, MAX_LINE_LENGTH)}… (cut)` : line);
  }
  globalThis.console = { log, info: log, debug: log, warn: log, error: log, trace: log };

  function takeLines() {
    const taken = lines;
    if (dropped > 0) taken.push(`… (${dropped} more lines dropped)`);
    lines = [];
    dropped = 0;
    return taken;
  }

  // The value as JSON text, as the Lambda runtime serialises it (JSON.stringify), or why not.
  function serialise(value) {
    const kind = typeof value;
    if (value === undefined) {
      return { notJson: "returned undefined, which is not JSON; return a value (null for nothing)" };
    }
    if (kind === "function" || kind === "symbol") {
      return { notJson: `returned a ${kind}, which is not JSON` };
    }
    try {
      return { text: JSON.stringify(value) };
    } catch (error) {
      const why = error && error.message ? error.message : String(error);
      return { notJson: `returned a value that cannot be turned into JSON (${why})` };
    }
  }

  function safeString(value) {
    try {
      return String(value);
    } catch (_) {
      return Object.prototype.toString.call(value);
    }
  }

  // The stack frames of an error, without the header V8 puts first and without this glue's frames.
  function frames(error, header) {
    const stack = typeof error.stack === "string" ? error.stack : "";
    const all = stack.split("\n");
    if (all.length > 0 && all[0] === header) all.shift();
    // (The playground bundles the glue into its Worker's script, mocks-worker.js.)
    return all.filter((line) => line.trim() !== "" && !line.includes("mocks-host") && !line.includes("mocks-worker"));
  }

  // A thrown value as the Node.js Lambda runtime reports it, or an {Error, Cause} object as is.
  function describeThrown(error) {
    if (error !== null && typeof error === "object" && !(error instanceof Error) && typeof error.Error === "string") {
      let cause = error.Cause;
      if (cause === undefined || cause === null) cause = "";
      else if (typeof cause !== "string") cause = inspect(cause);
      return { failed: { Error: error.Error, Cause: cause } };
    }
    if (error !== null && typeof error === "object" && ("stack" in error || error instanceof Error)) {
      const name = safeString(error.name === undefined ? "Error" : error.name);
      const message = safeString(error.message === undefined ? "" : error.message);
      const header = message ? `${name}: ${message}` : name;
      const trace = [header, ...frames(error, header)];
      return { threw: { name, message, document: { errorType: name, errorMessage: message, trace } } };
    }
    const message = safeString(error);
    return { threw: { name: typeof error, message, document: { errorType: typeof error, errorMessage: message, trace: [] } } };
  }

  // The function's context: the request's data, Lambda's getRemainingTimeInMillis(), and
  // contextObject ($$) with the execution's input put back (a copy) when first read.
  function contextFor(data) {
    const context = { ...data, getRemainingTimeInMillis: () => data.remainingMillis };
    let contextObject;
    Object.defineProperty(context, "contextObject", {
      enumerable: true,
      configurable: true,
      get() {
        if (contextObject === undefined) {
          contextObject = data.contextObject;
          const members = contextObject && contextObject.Execution;
          if (members && typeof members === "object" && "Input" in members) {
            members.Input = execution.input === undefined ? null : JSON.parse(JSON.stringify(execution.input));
          }
        }
        return contextObject;
      },
      set(value) {
        contextObject = value;
      },
    });
    return context;
  }

  function answerText(found, outcome, logs) {
    const head = `{"found":${JSON.stringify(found)},`;
    const tail = `,"logs":${JSON.stringify(logs)}}`;
    if ("text" in outcome) return `${head}"value":${outcome.text}${tail}`;
    const key = Object.keys(outcome)[0];
    return `${head}${JSON.stringify(key)}:${JSON.stringify(outcome[key])}${tail}`;
  }

  return {
    // Takes the evaluated module's namespace. Returns JSON text: {"names": [the functions],
    // "problems": [what is wrong with the exports], "logs": [what loading printed]}.
    use(namespace) {
      const problems = [];
      let exports = namespace;
      if (namespace && hasOwn(namespace, "default")) {
        exports = namespace.default;
        if (exports === null || typeof exports !== "object") {
          problems.push(
            `the default export must be an object of functions, like export default { ProcessPayment: (input, context) => … }, not ${exports === null ? "null" : typeof exports}`,
          );
          exports = {};
        }
      }
      functions = Object.create(null);
      for (const name of Object.keys(exports)) {
        const value = exports[name];
        if (typeof value === "function") {
          functions[name] = value;
        } else {
          problems.push(`"${name}" is ${value === null ? "null" : `a ${typeof value}`}, not a function`);
        }
      }
      return JSON.stringify({ names: Object.keys(functions), problems, logs: takeLines() });
    },

    // Answers one task request (JSON text); resolves to the answer's JSON text.
    async answer(requestJson) {
      if (busy) throw new Error("the mocks host answers one request at a time");
      if (!functions) throw new Error("the mocks host has no module yet: call use(namespace) first");
      busy = true;
      try {
        const request = JSON.parse(requestJson);
        clock.now = Number(request.now);
        const [a, b, c, d] = request.seed;
        random = sfc32(a, b, c, d);
        takeLines();
        const found = request.names.find((name) => hasOwn(functions, name));
        if (found === undefined) return `{"missing":true,"logs":${JSON.stringify(takeLines())}}`;
        const sent = request.execution || { id: null };
        if ("input" in sent) execution = { id: sent.id, input: sent.input };
        else if (sent.id !== execution.id) throw new Error(`the host did not send the input of execution ${sent.id}`);
        const context = contextFor(request.context);
        let outcome;
        try {
          outcome = serialise(await functions[found](request.input, context));
        } catch (error) {
          outcome = describeThrown(error);
        }
        return answerText(found, outcome, takeLines());
      } finally {
        busy = false;
      }
    },
  };
};
