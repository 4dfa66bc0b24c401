//! `asl lsp` driven as an editor drives it: the built binary on the other end of a pipe,
//! JSON-RPC messages with Content-Length framing, one test per feature.

use std::collections::VecDeque;
use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::Duration;

use serde_json::{Value, json};

/// How long to wait for one message before deciding the server hangs: a guard, not a timing.
const PATIENCE: Duration = Duration::from_secs(60);

struct Client {
    child: Child,
    stdin: ChildStdin,
    messages: Receiver<Value>,
    /// Notifications that arrived while waiting for something else.
    notifications: VecDeque<Value>,
    next_id: i64,
}

impl Client {
    /// Starts `asl lsp` and goes through the initialize handshake; returns the server's
    /// capabilities too.
    fn start() -> (Client, Value) {
        let mut child = Command::new(env!("CARGO_BIN_EXE_asl"))
            .arg("lsp")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("asl lsp starts");
        let stdin = child.stdin.take().unwrap();
        let stdout = child.stdout.take().unwrap();
        let (sender, messages) = channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            loop {
                let mut length = None;
                loop {
                    let mut line = String::new();
                    if reader.read_line(&mut line).unwrap_or(0) == 0 {
                        return;
                    }
                    let line = line.trim_end();
                    if line.is_empty() {
                        break;
                    }
                    if let Some(value) = line.strip_prefix("Content-Length: ") {
                        length = value.parse::<usize>().ok();
                    }
                }
                let mut body = vec![0; length.expect("a Content-Length header")];
                reader.read_exact(&mut body).expect("a whole message");
                let message: Value = serde_json::from_slice(&body).expect("a JSON message");
                if sender.send(message).is_err() {
                    return;
                }
            }
        });
        let mut client = Client {
            child,
            stdin,
            messages,
            notifications: VecDeque::new(),
            next_id: 0,
        };
        let response = client.request("initialize", json!({"capabilities": {}, "processId": null}));
        client.notify("initialized", json!({}));
        (client, response["result"].clone())
    }

    fn send(&mut self, message: Value) {
        let body = message.to_string();
        write!(self.stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).unwrap();
        self.stdin.flush().unwrap();
    }

    fn receive(&mut self) -> Value {
        match self.messages.recv_timeout(PATIENCE) {
            Ok(message) => message,
            Err(RecvTimeoutError::Timeout) => panic!("asl lsp said nothing for {PATIENCE:?}"),
            Err(RecvTimeoutError::Disconnected) => panic!("asl lsp closed its output"),
        }
    }

    /// Sends a request and returns its whole response (`result` or `error`).
    fn request(&mut self, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = self.next_id;
        self.send(json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        loop {
            let message = self.receive();
            if message["id"] == id {
                return message;
            }
            self.notifications.push_back(message);
        }
    }

    fn result(&mut self, method: &str, params: Value) -> Value {
        let response = self.request(method, params);
        assert!(response["error"].is_null(), "{method} failed: {response}");
        response["result"].clone()
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    /// The next notification with this method.
    fn notification(&mut self, method: &str) -> Value {
        if let Some(index) = self
            .notifications
            .iter()
            .position(|message| message["method"] == method)
        {
            return self.notifications.remove(index).unwrap();
        }
        loop {
            let message = self.receive();
            if message["method"] == method {
                return message["params"].clone();
            }
            self.notifications.push_back(message);
        }
    }

    /// Opens a document and returns the diagnostics published for it.
    fn open(&mut self, uri: &str, language_id: &str, text: &str) -> Vec<Value> {
        self.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri, "languageId": language_id, "version": 1, "text": text}}),
        );
        self.diagnostics(uri)
    }

    fn change(&mut self, uri: &str, version: i32, text: &str) -> Vec<Value> {
        self.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri, "version": version}, "contentChanges": [{"text": text}]}),
        );
        self.diagnostics(uri)
    }

    fn diagnostics(&mut self, uri: &str) -> Vec<Value> {
        let params = self.notification("textDocument/publishDiagnostics");
        assert_eq!(params["uri"], uri);
        params["diagnostics"].as_array().cloned().unwrap_or_default()
    }

    /// Shuts the server down as a client should, and checks that it exits cleanly.
    fn shut_down(mut self) {
        self.result("shutdown", Value::Null);
        self.notify("exit", Value::Null);
        let status = self.child.wait().unwrap();
        assert!(status.success(), "asl lsp exited with {status}");
    }
}

/// An LSP position (UTF-16 columns) of a byte offset, computed independently of the server.
fn position(text: &str, offset: usize) -> Value {
    let before = &text[..offset];
    let line = before.matches('\n').count();
    let line_start = before.rfind('\n').map_or(0, |newline| newline + 1);
    json!({"line": line, "character": text[line_start..offset].encode_utf16().count()})
}

/// The byte offset of an LSP position (the inverse of `position`).
fn offset(text: &str, position: &Value) -> usize {
    let line = position["line"].as_u64().unwrap() as usize;
    let character = position["character"].as_u64().unwrap() as usize;
    let line_start: usize = text.split_inclusive('\n').take(line).map(str::len).sum();
    let mut units = 0;
    for (index, c) in text[line_start..].char_indices() {
        if units >= character {
            return line_start + index;
        }
        units += c.len_utf16();
    }
    text.len()
}

/// The text a range covers.
fn covered<'t>(text: &'t str, range: &Value) -> &'t str {
    &text[offset(text, &range["start"])..offset(text, &range["end"])]
}

const URI: &str = "file:///work/order.asl.json";

/// A workflow with a Catch, a Choice, a Parallel of two branches and a Map.
const WORKFLOW: &str = r#"{
  "Comment": "Café 😀 orders",
  "StartAt": "Charge",
  "States": {
    "Charge": {
      "Type": "Task",
      "Resource": "arn:aws:states:::lambda:invoke",
      "Parameters": {"message.$": "States.Format('order {}', $.id)"},
      "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Failed"}],
      "Next": "Route"
    },
    "Route": {
      "Type": "Choice",
      "Choices": [{"Variable": "$.rush", "BooleanEquals": true, "Next": "Both"}],
      "Default": "Failed"
    },
    "Both": {
      "Type": "Parallel",
      "Branches": [
        {"StartAt": "Work", "States": {"Work": {"Type": "Pass", "Next": "Rest"}, "Rest": {"Type": "Succeed"}}},
        {"StartAt": "Pack", "States": {"Pack": {"Type": "Pass", "End": true}}}
      ],
      "Next": "Each"
    },
    "Each": {
      "Type": "Map",
      "ItemProcessor": {"StartAt": "Item", "States": {"Item": {"Type": "Succeed"}}},
      "End": true
    },
    "Failed": {"Type": "Fail", "Error": "Oops"}
  }
}"#;

#[test]
fn lsp_initializes_with_every_capability_and_shuts_down_cleanly() {
    let (client, capabilities) = Client::start();
    let capabilities = &capabilities["capabilities"];
    assert_eq!(capabilities["positionEncoding"], "utf-16");
    assert_eq!(capabilities["textDocumentSync"], 1, "full text sync");
    assert_eq!(capabilities["codeActionProvider"], true);
    client.shut_down();
}

#[test]
fn lsp_publishes_diagnostics_as_you_type_with_codes_and_utf16_positions() {
    let (mut client, _) = Client::start();
    assert_eq!(client.open(URI, "json", WORKFLOW), Vec::<Value>::new());

    // A misspelled Next on a line whose name has characters outside the BMP.
    let text = WORKFLOW.replace(
        r#""Default": "Failed""#,
        r#""Default": "Faild", "Comment": "ünïcødé 😀😀""#,
    );
    let text = text.replace(r#""Next": "Route""#, r#""Comment": "😀", "Next": "Rout""#);
    let diagnostics = client.change(URI, 2, &text);
    assert_eq!(diagnostics.len(), 2, "{diagnostics:?}");
    let rout = &diagnostics[0];
    assert_eq!(rout["code"], "unknown-state");
    assert_eq!(rout["severity"], 1);
    assert_eq!(rout["source"], "asl");
    assert!(rout["message"].as_str().unwrap().contains(r#"did you mean "Route"?"#));
    // The range counts UTF-16 units: 😀 is two of them.
    let start = text.find(r#""Rout""#).unwrap();
    assert_eq!(rout["range"]["start"], position(&text, start));
    assert_eq!(covered(&text, &rout["range"]), r#""Rout""#);
    assert_eq!(covered(&text, &diagnostics[1]["range"]), r#""Faild""#);

    // Fixing the text clears them.
    assert_eq!(client.change(URI, 3, WORKFLOW), Vec::<Value>::new());

    // A warning is a warning.
    let jsonata = r#"{"QueryLanguage": "JSONata", "StartAt": "A", "States": {
        "A": {"Type": "Pass", "Assign": {"total": 1}, "Next": "B"},
        "B": {"Type": "Pass", "Output": "{% $totl %}", "End": true}}}"#;
    let diagnostics = client.open("file:///work/jsonata.asl.json", "asl", jsonata);
    assert_eq!(diagnostics[0]["code"], "unassigned-variable");
    assert_eq!(diagnostics[0]["severity"], 2);
    // JSONata syntax is checked by jsonata itself.
    let broken = jsonata.replace("{% $totl %}", "{% $total + %}");
    let diagnostics = client.change("file:///work/jsonata.asl.json", 2, &broken);
    assert!(
        diagnostics[0]["message"]
            .as_str()
            .unwrap()
            .contains("JSONata syntax error"),
        "{diagnostics:?}"
    );

    // A JSON document not named *.asl.json is not ours: nothing is published, nothing answered.
    client.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": "file:///work/package.json", "languageId": "json", "version": 1, "text": "{}"}}),
    );
    let response = client.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": "file:///work/package.json"}, "context": {"diagnostics": []},
               "range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}}}),
    );
    assert!(
        response["error"]["message"]
            .as_str()
            .unwrap()
            .contains("not an open ASL document")
    );
    assert!(client.notifications.is_empty(), "{:?}", client.notifications);

    // Closing a document clears its diagnostics.
    client.notify("textDocument/didClose", json!({"textDocument": {"uri": URI}}));
    assert_eq!(client.diagnostics(URI), Vec::<Value>::new());
    client.shut_down();
}

#[test]
fn lsp_offers_the_core_suggestion_as_a_quick_fix() {
    let (mut client, _) = Client::start();
    let text = WORKFLOW
        .replace(r#""Next": "Route""#, r#""Next": "Rout""#)
        .replace(r#""Type": "Fail""#, r#""Type": "Fial""#);
    let diagnostics = client.open(URI, "asl", &text);
    assert_eq!(diagnostics.len(), 2, "{diagnostics:?}");
    let mut fixed = text.clone();
    for diagnostic in &diagnostics {
        let actions = client.result(
            "textDocument/codeAction",
            json!({"textDocument": {"uri": URI}, "range": diagnostic["range"], "context": {"diagnostics": [diagnostic]}}),
        );
        let actions = actions.as_array().unwrap();
        assert_eq!(actions.len(), 1, "{actions:?}");
        assert_eq!(actions[0]["kind"], "quickfix");
        assert_eq!(actions[0]["isPreferred"], true);
        assert_eq!(actions[0]["diagnostics"][0]["code"], diagnostic["code"]);
        let edits = actions[0]["edit"]["changes"][URI].as_array().unwrap();
        // Both diagnostics are on the original text, so apply each edit to it in turn.
        let replaced = covered(&text, &edits[0]["range"]);
        fixed = fixed.replacen(replaced, edits[0]["newText"].as_str().unwrap(), 1);
    }
    assert_eq!(fixed, WORKFLOW);
    assert_eq!(client.change(URI, 2, &fixed), Vec::<Value>::new());

    // No fix where the core has none.
    let actions = client.result(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": URI}, "range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 1}}, "context": {"diagnostics": []}}),
    );
    assert_eq!(actions, json!([]));
    client.shut_down();
}
