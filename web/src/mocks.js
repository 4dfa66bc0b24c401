// Mocks written as code, the page's side: loaded by the page (crates/asl-web/src/mocks_code.rs)
// only when the mocks are JavaScript or Python, it runs them in Web Workers, never in the page:
// build/mocks-worker.js (JavaScript: the glue the CLI shares, web/src/mocks-host.js) and
// build/mocks-python-worker.js (Pyodide, self-hosted in build/pyodide/, loaded only then).
//
// Every call has a time limit, counted here in the page: a Worker that does not answer in time
// (`while (true) {}`) is terminated (the only way to stop it), the call is reported as timed out
// (the core fails the task as in the CLI), and a fresh Worker loads the module again for the next
// call. The page never blocks: it only awaits messages.
//
// The page talks to each Worker over a private MessagePort, one request at a time, each with a
// fresh random nonce; a reply is taken only for the request in flight, with its nonce. Anything
// else (a message for another request, a guessed or replayed nonce, anything on the Worker's own
// channel) is refused and counted (`refused`, for the browser tests).

const base = new URL(".", import.meta.url).href;

function nonce() {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, "0")).join("");
}

const stats = { calls: 0, refused: 0, workersStarted: 0, workersTerminated: 0, pyodideLoadMillis: null };

/// One Worker and its private port: requests one at a time, each with a time limit.
class Channel {
  constructor(script, { ready = false } = {}) {
    this.worker = new Worker(new URL(script, base), { type: "module" });
    stats.workersStarted += 1;
    const channel = new MessageChannel();
    this.port = channel.port1;
    this.pending = null;
    this.queue = Promise.resolve();
    this.dead = false;
    // Whatever the Worker posts on its own channel is not an answer.
    this.worker.onmessage = () => {
      stats.refused += 1;
    };
    this.ready = ready
      ? new Promise((resolve) => {
          this.onReady = resolve;
        })
      : Promise.resolve({});
    this.worker.onerror = (event) => {
      event.preventDefault();
      this.fail(`the mocks Worker failed: ${event.message || "it could not start"}`);
    };
    this.port.onmessage = (event) => this.receive(event.data);
    this.worker.postMessage({ port: channel.port2, baseUrl: base }, [channel.port2]);
  }

  receive(data) {
    if (data && data.ready && this.onReady) {
      const onReady = this.onReady;
      this.onReady = null;
      onReady(data);
      return;
    }
    const pending = this.pending;
    if (!pending || !data || data.nonce !== pending.nonce) {
      stats.refused += 1;
      return;
    }
    this.pending = null;
    clearTimeout(pending.timer);
    pending.resolve(data);
  }

  fail(message) {
    if (this.onReady) {
      this.onReady({ error: message });
      this.onReady = null;
    }
    if (this.pending) {
      const pending = this.pending;
      this.pending = null;
      clearTimeout(pending.timer);
      pending.resolve({ crashed: message });
    }
    this.terminate();
  }

  terminate() {
    if (this.dead) return;
    this.dead = true;
    this.worker.terminate();
    stats.workersTerminated += 1;
  }

  /// Sends `message`; resolves to the Worker's reply, or {timedOut: true} after `limitMillis`
  /// (the Worker is then terminated), or {crashed: why}.
  request(message, limitMillis) {
    const run = () =>
      new Promise((resolve) => {
        if (this.dead) {
          resolve({ crashed: "the mocks Worker was stopped" });
          return;
        }
        const pending = { nonce: nonce(), resolve, timer: 0 };
        pending.timer = setTimeout(() => {
          if (this.pending !== pending) return;
          this.pending = null;
          this.terminate();
          resolve({ timedOut: true });
        }, limitMillis);
        this.pending = pending;
        if (message.type === "call") stats.calls += 1;
        this.port.postMessage({ ...message, nonce: pending.nonce });
      });
    const result = this.queue.then(run);
    this.queue = result.then(
      () => {},
      () => {},
    );
    return result;
  }
}

/// What a load came to: {names, problems, logs} or an error message.
function used(reply, fileName, limitMillis, what) {
  if (reply.timedOut) return { error: `${fileName}: loading the module ran past ${limitMillis} ms and was stopped` };
  if (reply.crashed) return { error: `${fileName}: ${reply.crashed}` };
  if (reply.error) return { error: reply.error };
  let value;
  try {
    value = JSON.parse(reply.used);
  } catch (_) {
    return { error: `the ${what} answered badly: ${reply.used}` };
  }
  if (value.error) return { error: `${fileName}: ${value.error}`, logs: value.logs || [] };
  if (value.problems && value.problems.length > 0) return { error: `${fileName}: ${value.problems.join("; ")}` };
  return { names: value.names || [], logs: value.logs || [] };
}

/// A JavaScript mocks module, in a Worker of its own (module state is the module's, as in the CLI).
class JsMocks {
  constructor(source, fileName, limitMillis) {
    Object.assign(this, { source, fileName, limitMillis, channel: null, names: [], fresh: true });
  }

  async load() {
    this.channel = new Channel("mocks-worker.js");
    const result = used(
      await this.channel.request({ type: "load", source: this.source, fileName: this.fileName }, this.limitMillis),
      this.fileName,
      this.limitMillis,
      "mocks Worker",
    );
    if (result.error) this.channel.terminate();
    this.fresh = true;
    return result;
  }

  async call(request, withInput) {
    let note = null;
    if (!this.channel || this.channel.dead) {
      const loaded = await this.load();
      if (loaded.error) return { kind: "crashed", text: `the mocks could not be loaded again: ${loaded.error}` };
    }
    if (this.fresh && !withInput) return { kind: "needsInput" };
    this.fresh = false;
    const reply = await this.channel.request({ type: "call", request }, this.limitMillis);
    if (reply.timedOut) {
      note = `the mock ran past ${this.limitMillis} ms: its Worker was terminated; ${this.fileName} is loaded afresh, in a new Worker, for the next call`;
      return { kind: "timedOut", note };
    }
    if (reply.crashed || reply.error) {
      this.channel.terminate();
      return { kind: "crashed", text: reply.crashed || reply.error };
    }
    return { kind: "answer", text: reply.answer };
  }

  close() {
    if (this.channel) this.channel.terminate();
  }
}

// The page's one Python Worker, started on first need.
let python = null;
let nextModuleId = 1;

function pythonChannel() {
  if (!python || python.dead) {
    const started = performance.now();
    python = new Channel("mocks-python-worker.js", { ready: true });
    const channel = python;
    channel.ready = channel.ready.then((ready) => {
      stats.pyodideLoadMillis = ready.loadMillis ?? performance.now() - started;
      stats.pyodidePageMillis = performance.now() - started;
      if (ready.error) channel.fail(ready.error);
      return ready;
    });
  }
  return python;
}

/// A Python mocks module, in the page's Python Worker.
class PythonMocks {
  constructor(source, fileName, limitMillis) {
    Object.assign(this, { source, fileName, limitMillis, channel: null, id: 0, fresh: true });
  }

  async load() {
    const channel = pythonChannel();
    const ready = await channel.ready;
    if (ready.error) return { error: ready.error };
    this.channel = channel;
    this.id = nextModuleId++;
    this.fresh = true;
    const reply = await channel.request(
      { type: "load", moduleId: this.id, source: this.source, fileName: this.fileName },
      this.limitMillis,
    );
    return used(reply, this.fileName, this.limitMillis, "Python Worker");
  }

  async call(request, withInput) {
    let restarted = false;
    if (!this.channel || this.channel.dead) {
      restarted = this.channel !== null;
      const loaded = await this.load();
      if (loaded.error) return { kind: "crashed", text: `the mocks could not be loaded again: ${loaded.error}` };
    }
    if (this.fresh && !withInput) return { kind: "needsInput" };
    this.fresh = false;
    const reply = await this.channel.request({ type: "call", moduleId: this.id, request }, this.limitMillis);
    const again = restarted ? " (Pyodide had been started afresh for this call)" : "";
    if (reply.timedOut) {
      return {
        kind: "timedOut",
        note: `the Python mock ran past ${this.limitMillis} ms: Pyodide cannot be interrupted in a page that is not cross-origin isolated, so its Worker was terminated; a new one loads Pyodide and ${this.fileName} again for the next call${again}`,
      };
    }
    if (reply.crashed || reply.error) return { kind: "crashed", text: reply.crashed || reply.error };
    return { kind: "answer", text: reply.answer };
  }

  close() {
    if (this.channel && !this.channel.dead) this.channel.request({ type: "drop", moduleId: this.id }, this.limitMillis);
  }
}

/// Loads a mocks module: `kind` is "javascript" or "python". Resolves to a handle
/// ({names, logs, call(request, withInput), close()}), or rejects with the problem's message.
async function start(kind, source, fileName, limitMillis) {
  const mocks =
    kind === "python" ? new PythonMocks(source, fileName, limitMillis) : new JsMocks(source, fileName, limitMillis);
  const loaded = await mocks.load();
  if (loaded.error) {
    mocks.close();
    throw new Error(loaded.error);
  }
  mocks.names = loaded.names;
  mocks.logs = loaded.logs;
  return mocks;
}

window.AslMocks = { start, stats };
