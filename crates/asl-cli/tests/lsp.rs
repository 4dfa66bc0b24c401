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

    /// `{"textDocument": …, "position": …}` for the cursor at byte `offset` of `text`.
    fn at(uri: &str, text: &str, offset: usize) -> Value {
        json!({"textDocument": {"uri": uri}, "position": position(text, offset)})
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

/// Applies text edits (LSP `TextEdit`s on one document) to a text.
fn apply(text: &str, edits: &[Value]) -> String {
    let mut spans: Vec<(usize, usize, &str)> = edits
        .iter()
        .map(|edit| {
            (
                offset(text, &edit["range"]["start"]),
                offset(text, &edit["range"]["end"]),
                edit["newText"].as_str().unwrap(),
            )
        })
        .collect();
    spans.sort_by_key(|(start, ..)| std::cmp::Reverse(*start));
    let mut res = text.to_owned();
    for (start, end, new_text) in spans {
        res.replace_range(start..end, new_text);
    }
    res
}

/// The byte offset just inside the `nth` (0-based) occurrence of `needle`.
fn inside(text: &str, needle: &str, nth: usize) -> usize {
    text.match_indices(needle)
        .nth(nth)
        .unwrap_or_else(|| panic!("{needle:?} #{nth} is not in the text"))
        .0
        + 1
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
      "Parameters": {"message.$": "States.Format('order {}', $.id)"}, "ResultPath": "$.charge",
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
    for provider in [
        "hoverProvider",
        "completionProvider",
        "definitionProvider",
        "referencesProvider",
        "documentSymbolProvider",
        "codeActionProvider",
    ] {
        assert!(!capabilities[provider].is_null(), "{provider} in {capabilities}");
    }
    assert_eq!(capabilities["renameProvider"]["prepareProvider"], true);
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

#[test]
fn lsp_hover_explains_fields_types_intrinsics_and_jsonata_functions() {
    let (mut client, _) = Client::start();
    client.open(URI, "asl", WORKFLOW);
    let mut hover = |offset: usize| -> String {
        let result = client.result("textDocument/hover", Client::at(URI, WORKFLOW, offset));
        result["contents"]["value"].as_str().unwrap_or_default().to_owned()
    };
    let field = hover(inside(WORKFLOW, r#""Default""#, 0) + 2);
    assert!(field.starts_with("**Default**"), "{field}");
    assert!(field.contains("when no rule matches"), "{field}");
    assert!(hover(inside(WORKFLOW, r#""Parallel""#, 0)).contains("Runs several branches"));
    assert!(hover(inside(WORKFLOW, "States.Format", 0) + 3).starts_with("**States.Format**"));
    assert!(hover(inside(WORKFLOW, "States.ALL", 0)).contains("Matches any error"));
    let target = hover(inside(WORKFLOW, r#""Next": "Route""#, 0) + 9);
    assert_eq!(target, "**Route**\n\nA Choice state.");
    assert_eq!(hover(inside(WORKFLOW, "arn:aws", 0)), "");

    let jsonata = r#"{"QueryLanguage": "JSONata", "StartAt": "A", "States": {
        "A": {"Type": "Pass", "Output": "{% $sum($states.input.prices) %}", "End": true}}}"#;
    let uri = "file:///work/sum.asl.json";
    client.open(uri, "asl", jsonata);
    let mut hover = |offset: usize| -> Value { client.result("textDocument/hover", Client::at(uri, jsonata, offset)) };
    let sum = hover(inside(jsonata, "$sum", 0));
    assert!(sum["contents"]["value"].as_str().unwrap().starts_with("**$sum**"));
    assert_eq!(covered(jsonata, &sum["range"]), "$sum");
    let input = hover(inside(jsonata, "prices", 0));
    assert_eq!(covered(jsonata, &input["range"]), "$states.input");
    assert!(
        input["contents"]["value"]
            .as_str()
            .unwrap()
            .contains("as it entered the state")
    );
    client.shut_down();
}

/// The labels offered at `|` in `marked`, opened as a new version of `URI`.
fn completions(client: &mut Client, version: i32, marked: &str) -> (String, Vec<Value>) {
    let offset = marked.find('|').unwrap();
    let text = marked.replacen('|', "", 1);
    if version == 1 {
        client.open(URI, "asl", &text);
    } else {
        client.change(URI, version, &text);
    }
    let items = client.result("textDocument/completion", Client::at(URI, &text, offset));
    (text, items.as_array().cloned().unwrap_or_default())
}

fn labels(items: &[Value]) -> Vec<&str> {
    items.iter().map(|item| item["label"].as_str().unwrap()).collect()
}

#[test]
fn lsp_completes_field_names_state_types_and_state_names() {
    let (mut client, _) = Client::start();
    // A half-typed key in a Task state: the Task's fields not written yet, the typed string
    // replaced whole (it gains its closing quote).
    let marked = WORKFLOW.replace(r#""Next": "Route""#, r#""Next": "Route", "Time|"#);
    let (text, items) = completions(&mut client, 1, &marked);
    let offered = labels(&items);
    assert!(offered.contains(&"TimeoutSeconds"), "{offered:?}");
    assert!(offered.contains(&"Retry"), "{offered:?}");
    assert!(!offered.contains(&"Next"), "Next is written already: {offered:?}");
    assert!(!offered.contains(&"Choices"), "not a Task field: {offered:?}");
    let timeout = items.iter().find(|item| item["label"] == "TimeoutSeconds").unwrap();
    assert_eq!(timeout["textEdit"]["newText"], r#""TimeoutSeconds""#);
    assert_eq!(timeout["filterText"], r#""TimeoutSeconds""#);
    assert_eq!(covered(&text, &timeout["textEdit"]["range"]), r#""Time"#);
    assert!(
        timeout["documentation"]["value"]
            .as_str()
            .unwrap()
            .contains("States.Timeout")
    );

    // State types.
    let marked = WORKFLOW.replace(r#""Type": "Fail""#, r#""Type": "|""#);
    let (_, items) = completions(&mut client, 2, &marked);
    assert_eq!(
        labels(&items),
        ["Pass", "Task", "Choice", "Wait", "Succeed", "Fail", "Parallel", "Map"]
    );

    // State names of the machine the Next is in: the top level's here.
    let marked = WORKFLOW.replace(r#""Default": "Failed""#, r#""Default": "|"#);
    let (_, items) = completions(&mut client, 3, &marked);
    assert_eq!(labels(&items), ["Charge", "Route", "Both", "Each", "Failed"]);
    assert_eq!(items[1]["detail"], "Choice state");

    // ... and a branch's own states inside a branch.
    let marked = WORKFLOW.replace(r#""Type": "Pass", "Next": "Rest""#, r#""Type": "Pass", "Next": "R|""#);
    let (_, items) = completions(&mut client, 4, &marked);
    assert_eq!(labels(&items), ["Work", "Rest"]);

    // A catcher's Next, a Choice rule's fields and ErrorEquals names.
    let marked = WORKFLOW.replace(r#""Next": "Failed"}]"#, r#""Next": |}]"#);
    let (_, items) = completions(&mut client, 5, &marked);
    assert!(labels(&items).contains(&"Failed"));
    let marked = WORKFLOW.replace(r#""BooleanEquals": true, "#, r#""BooleanEquals": true, "|"#);
    let (_, items) = completions(&mut client, 6, &marked);
    assert!(labels(&items).contains(&"StringEquals"));
    assert!(!labels(&items).contains(&"Variable"));
    let marked = WORKFLOW.replace(r#"["States.ALL"]"#, r#"["States.ALL", "States.T|"]"#);
    let (_, items) = completions(&mut client, 7, &marked);
    assert!(labels(&items).contains(&"States.Timeout"));

    // Top-level fields in an empty document's object.
    let (_, items) = completions(&mut client, 8, "{|}");
    assert_eq!(
        labels(&items),
        [
            "StartAt",
            "States",
            "Comment",
            "Version",
            "TimeoutSeconds",
            "QueryLanguage"
        ]
    );
    client.shut_down();
}

#[test]
fn lsp_goes_to_definition_and_finds_references() {
    let (mut client, _) = Client::start();
    client.open(URI, "asl", WORKFLOW);
    let mut definition = |cursor: usize| -> String {
        let location = client.result("textDocument/definition", Client::at(URI, WORKFLOW, cursor));
        if location.is_null() {
            return "none".to_owned();
        }
        assert_eq!(location["uri"], URI);
        let start = offset(WORKFLOW, &location["range"]["start"]);
        format!("{} at {start}", covered(WORKFLOW, &location["range"]))
    };
    let charge = format!(r#""Charge" at {}"#, WORKFLOW.find(r#""Charge": {"#).unwrap());
    let failed = format!(r#""Failed" at {}"#, WORKFLOW.find(r#""Failed": {"#).unwrap());
    assert_eq!(definition(inside(WORKFLOW, r#""StartAt": "Charge""#, 0) + 12), charge);
    // A catcher's Next, a Choice's Default, a rule's Next, a state's Next.
    assert_eq!(definition(inside(WORKFLOW, r#""Next": "Failed""#, 0) + 10), failed);
    assert_eq!(definition(inside(WORKFLOW, r#""Default": "Failed""#, 0) + 12), failed);
    let both = format!(r#""Both" at {}"#, WORKFLOW.find(r#""Both": {"#).unwrap());
    assert_eq!(definition(inside(WORKFLOW, r#""Next": "Both""#, 0) + 9), both);
    // Inside a branch, its own state.
    let rest = format!(r#""Rest" at {}"#, WORKFLOW.find(r#""Rest": {"#).unwrap());
    assert_eq!(definition(inside(WORKFLOW, r#""Next": "Rest""#, 0) + 9), rest);
    let pack = WORKFLOW.find(r#""Pack": {"#).unwrap();
    assert_eq!(
        definition(inside(WORKFLOW, r#""StartAt": "Pack""#, 0) + 12),
        format!(r#""Pack" at {pack}"#)
    );
    assert_eq!(definition(inside(WORKFLOW, "arn:aws", 0)), "none");

    let references = client.result(
        "textDocument/references",
        json!({"textDocument": {"uri": URI}, "position": position(WORKFLOW, inside(WORKFLOW, r#""Failed": {"#, 0)),
               "context": {"includeDeclaration": true}}),
    );
    let found: Vec<usize> = references
        .as_array()
        .unwrap()
        .iter()
        .map(|location| offset(WORKFLOW, &location["range"]["start"]))
        .collect();
    let expected: Vec<usize> = [
        WORKFLOW.find(r#""Failed": {"#).unwrap(),
        WORKFLOW.find(r#""Failed"}]"#).unwrap(),
        WORKFLOW
            .find(
                r#""Failed"
    }"#,
            )
            .unwrap(),
    ]
    .into();
    assert_eq!(found, expected);
    // Without the declaration, from a reference.
    let references = client.result(
        "textDocument/references",
        json!({"textDocument": {"uri": URI}, "position": position(WORKFLOW, inside(WORKFLOW, r#""Next": "Route""#, 0) + 9),
               "context": {"includeDeclaration": false}}),
    );
    assert_eq!(references.as_array().unwrap().len(), 1);
    client.shut_down();
}

#[test]
fn lsp_renames_a_state_within_its_scope() {
    let (mut client, _) = Client::start();
    // Both branches name a state Work: AWS wants state names unique in the whole definition.
    let text = WORKFLOW.replace("Pack", "Work");
    let diagnostics = client.open(URI, "asl", &text);
    let codes: Vec<&str> = diagnostics
        .iter()
        .map(|diagnostic| diagnostic["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, ["duplicate-state-name"]);
    // Renaming the first branch's Work, from its StartAt, leaves the second branch's alone.
    let cursor = inside(&text, r#""StartAt": "Work""#, 0) + 12;
    let prepared = client.result("textDocument/prepareRename", Client::at(URI, &text, cursor));
    assert_eq!(prepared["placeholder"], "Work");
    assert_eq!(covered(&text, &prepared["range"]), "Work");
    let mut params = Client::at(URI, &text, cursor);
    params["newName"] = json!("Prepare \"order\"");
    let edit = client.result("textDocument/rename", params);
    let edits = edit["changes"][URI].as_array().unwrap();
    assert_eq!(edits.len(), 2, "{edits:?}");
    let renamed = apply(&text, edits);
    let first_branch = renamed.lines().find(|line| line.contains("Rest")).unwrap();
    assert_eq!(
        first_branch.trim(),
        r#"{"StartAt": "Prepare \"order\"", "States": {"Prepare \"order\"": {"Type": "Pass", "Next": "Rest"}, "Rest": {"Type": "Succeed"}}},"#
    );
    assert_eq!(
        renamed.matches(r#""Work""#).count(),
        2,
        "the second branch keeps its Work"
    );
    assert_eq!(client.change(URI, 2, &renamed), Vec::<Value>::new());

    // A top-level state from its key: every reference (Catch Next, Default) changes with it.
    let cursor = inside(&renamed, r#""Failed": {"#, 0);
    let mut params = Client::at(URI, &renamed, cursor);
    params["newName"] = json!("Rejected");
    let edit = client.result("textDocument/rename", params);
    let renamed_again = apply(&renamed, edit["changes"][URI].as_array().unwrap());
    assert_eq!(renamed_again.matches("Rejected").count(), 3);
    assert!(!renamed_again.contains("Failed"));

    // A name that is taken, or nothing to rename.
    let mut params = Client::at(URI, &renamed, cursor);
    params["newName"] = json!("Charge");
    let response = client.request("textDocument/rename", params);
    assert!(
        response["error"]["message"]
            .as_str()
            .unwrap()
            .contains(r#"a state named "Charge" already exists"#),
        "{response}"
    );
    let mut params = Client::at(URI, &renamed, inside(&renamed, "arn:aws", 0));
    params["newName"] = json!("X");
    assert!(!client.request("textDocument/rename", params)["error"].is_null());
    client.shut_down();
}

#[test]
fn lsp_outlines_states_nested_by_branches_and_processors() {
    let (mut client, _) = Client::start();
    client.open(URI, "asl", WORKFLOW);
    let symbols = client.result("textDocument/documentSymbol", json!({"textDocument": {"uri": URI}}));
    fn outline(symbols: &Value, depth: usize, res: &mut Vec<String>) {
        for symbol in symbols.as_array().unwrap() {
            let detail = symbol["detail"]
                .as_str()
                .map(|detail| format!(" ({detail})"))
                .unwrap_or_default();
            res.push(format!(
                "{}{}{detail}",
                "  ".repeat(depth),
                symbol["name"].as_str().unwrap()
            ));
            outline(&symbol["children"], depth + 1, res);
        }
    }
    let mut lines = Vec::new();
    outline(&symbols, 0, &mut lines);
    assert_eq!(
        lines,
        [
            "Charge (Task)",
            "Route (Choice)",
            "Both (Parallel)",
            "  Branch 1",
            "    Work (Pass)",
            "    Rest (Succeed)",
            "  Branch 2",
            "    Pack (Pass)",
            "Each (Map)",
            "  Item (Succeed)",
            "Failed (Fail)",
        ]
    );
    // Each symbol's name range is its key, inside its range.
    let charge = &symbols[0];
    assert_eq!(covered(WORKFLOW, &charge["selectionRange"]), r#""Charge""#);
    assert!(covered(WORKFLOW, &charge["range"]).ends_with(
        r#""Next": "Route"
    }"#
    ));
    client.shut_down();
}
