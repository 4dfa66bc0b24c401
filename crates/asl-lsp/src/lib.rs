//! A Language Server Protocol server for Amazon States Language definitions: `asl lsp`.
//!
//! It speaks LSP over the [`Connection`] its host gives it (the CLI's standard input and
//! output) and never touches files, the terminal or the environment itself: documents come
//! from the client, and every answer comes from the core (`asl::check_with` for diagnostics
//! and their fixes, `asl::machine::References` for names, `asl::docs` for words). Positions
//! cross the protocol as UTF-16 and are converted from the core's UTF-8 spans in one place,
//! `position::LineMap`.
//!
//! Documents it serves: any with the language id `asl`, and `json` or `jsonc` documents whose
//! URI ends in `.asl.json` (see [`accepts`]). Other documents are ignored.
//!
//! Features: diagnostics as you type (full text sync), quick fixes where the core has a
//! suggestion, hover, completion, go to definition, find references, rename and document
//! symbols. Requests are answered one at a time, in order.

mod completion;
mod context;
mod diagnostics;
mod document;
mod hover;
mod navigation;
mod position;
mod symbols;

use std::collections::BTreeMap;

use asl::jsonata::SyntaxChecker;
pub use lsp_server::Connection;
use lsp_server::{ErrorCode, Message, Notification, ProtocolError, Request, Response};
use lsp_types::notification::{
    DidChangeTextDocument, DidCloseTextDocument, DidOpenTextDocument, LogMessage, Notification as _, PublishDiagnostics,
};
use lsp_types::request::{
    CodeActionRequest, Completion, DocumentSymbolRequest, GotoDefinition, HoverRequest, PrepareRenameRequest,
    References as ReferencesRequest, Rename, Request as _,
};
use lsp_types::{
    CodeActionProviderCapability, CompletionOptions, CompletionResponse, DocumentSymbolResponse,
    GotoDefinitionResponse, HoverProviderCapability, InitializeResult, LogMessageParams, MessageType, OneOf,
    PositionEncodingKind, PublishDiagnosticsParams, RenameOptions, ServerCapabilities, ServerInfo,
    TextDocumentSyncCapability, TextDocumentSyncKind, Uri,
};

use document::Document;

/// The language ids served whatever the document's name.
pub const LANGUAGE_IDS: &[&str] = &["asl"];

/// Language ids served when the document's name ends in [`JSON_SUFFIX`].
pub const JSON_LANGUAGE_IDS: &[&str] = &["json", "jsonc"];

pub const JSON_SUFFIX: &str = ".asl.json";

/// Whether the server checks a document the client opened with this language id and URI.
pub fn accepts(language_id: &str, uri: &str) -> bool {
    LANGUAGE_IDS.contains(&language_id) || (JSON_LANGUAGE_IDS.contains(&language_id) && uri.ends_with(JSON_SUFFIX))
}

/// Starts a JSONata parser for definitions that use JSONata; called once, the first time a
/// document needs it.
pub type StartJsonata<'a> = Box<dyn FnOnce() -> Result<Box<dyn SyntaxChecker>, String> + 'a>;

enum Jsonata<'a> {
    NotStarted(StartJsonata<'a>),
    Ready(Box<dyn SyntaxChecker>),
    /// It could not start: JSONata syntax is then left unchecked (said once, in the log).
    Unavailable,
}

struct Server<'a> {
    connection: &'a Connection,
    documents: BTreeMap<String, Document>,
    jsonata: Jsonata<'a>,
}

/// Serves one client until it shuts down (or goes away): the initialize handshake, then every
/// request and notification in order.
pub fn serve(connection: &Connection, start_jsonata: StartJsonata<'_>) -> Result<(), ProtocolError> {
    let (id, _params) = connection.initialize_start()?;
    let result = InitializeResult {
        capabilities: capabilities(),
        server_info: Some(ServerInfo {
            name: "asl".to_owned(),
            version: Some(env!("CARGO_PKG_VERSION").to_owned()),
        }),
    };
    connection.initialize_finish(id, serde_json::to_value(result).unwrap_or_default())?;
    let mut server = Server {
        connection,
        documents: BTreeMap::new(),
        jsonata: Jsonata::NotStarted(start_jsonata),
    };
    for message in &connection.receiver {
        match message {
            Message::Request(request) => {
                if connection.handle_shutdown(&request)? {
                    return Ok(());
                }
                let response = server.answer(request);
                server.send(response.into());
            }
            Message::Notification(notification) => server.notified(notification),
            Message::Response(_) => {}
        }
    }
    Ok(())
}

fn capabilities() -> ServerCapabilities {
    ServerCapabilities {
        position_encoding: Some(PositionEncodingKind::UTF16),
        text_document_sync: Some(TextDocumentSyncCapability::Kind(TextDocumentSyncKind::FULL)),
        hover_provider: Some(HoverProviderCapability::Simple(true)),
        completion_provider: Some(CompletionOptions {
            trigger_characters: Some(vec!["\"".to_owned()]),
            ..CompletionOptions::default()
        }),
        definition_provider: Some(OneOf::Left(true)),
        references_provider: Some(OneOf::Left(true)),
        rename_provider: Some(OneOf::Right(RenameOptions {
            prepare_provider: Some(true),
            work_done_progress_options: Default::default(),
        })),
        document_symbol_provider: Some(OneOf::Left(true)),
        code_action_provider: Some(CodeActionProviderCapability::Simple(true)),
        ..ServerCapabilities::default()
    }
}

impl Server<'_> {
    fn send(&self, message: Message) {
        // The client went away: the receiving loop ends by itself.
        let _ = self.connection.sender.send(message);
    }

    fn log(&self, kind: MessageType, message: String) {
        let params = LogMessageParams { typ: kind, message };
        self.send(Notification::new(LogMessage::METHOD.to_owned(), params).into());
    }

    fn syntax_checker(&mut self) -> Option<&dyn SyntaxChecker> {
        if let Jsonata::NotStarted(_) = self.jsonata {
            let Jsonata::NotStarted(start) = std::mem::replace(&mut self.jsonata, Jsonata::Unavailable) else {
                return None;
            };
            match start() {
                Ok(checker) => self.jsonata = Jsonata::Ready(checker),
                Err(error) => self.log(
                    MessageType::WARNING,
                    format!("JSONata syntax is not checked: the JSONata engine did not start: {error}"),
                ),
            }
        }
        match &self.jsonata {
            Jsonata::Ready(checker) => Some(checker.as_ref()),
            _ => None,
        }
    }

    /// Checks a document's new text and publishes its diagnostics.
    fn update(&mut self, uri: Uri, version: i32, text: String) {
        let syntax = if asl::needs_jsonata(&text) {
            self.syntax_checker()
        } else {
            None
        };
        let document = Document::new(uri.clone(), text, syntax);
        let params = PublishDiagnosticsParams::new(uri.clone(), diagnostics::diagnostics(&document), Some(version));
        self.send(Notification::new(PublishDiagnostics::METHOD.to_owned(), params).into());
        self.documents.insert(uri.as_str().to_owned(), document);
    }

    fn notified(&mut self, notification: Notification) {
        match notification.method.as_str() {
            DidOpenTextDocument::METHOD => {
                if let Ok(params) =
                    notification.extract::<lsp_types::DidOpenTextDocumentParams>(DidOpenTextDocument::METHOD)
                {
                    let document = params.text_document;
                    if accepts(&document.language_id, document.uri.as_str()) {
                        self.update(document.uri, document.version, document.text);
                    }
                }
            }
            DidChangeTextDocument::METHOD => {
                if let Ok(params) =
                    notification.extract::<lsp_types::DidChangeTextDocumentParams>(DidChangeTextDocument::METHOD)
                {
                    let uri = params.text_document.uri;
                    // Full sync: the last change holds the whole text.
                    if self.documents.contains_key(uri.as_str())
                        && let Some(change) = params.content_changes.into_iter().last()
                    {
                        self.update(uri, params.text_document.version, change.text);
                    }
                }
            }
            DidCloseTextDocument::METHOD => {
                if let Ok(params) =
                    notification.extract::<lsp_types::DidCloseTextDocumentParams>(DidCloseTextDocument::METHOD)
                {
                    let uri = params.text_document.uri;
                    if self.documents.remove(uri.as_str()).is_some() {
                        let params = PublishDiagnosticsParams::new(uri, Vec::new(), None);
                        self.send(Notification::new(PublishDiagnostics::METHOD.to_owned(), params).into());
                    }
                }
            }
            _ => {}
        }
    }

    fn answer(&mut self, request: Request) -> Response {
        match request.method.as_str() {
            HoverRequest::METHOD => self.respond::<HoverRequest>(request, |server, params| {
                let at = params.text_document_position_params;
                let document = server.document(&at.text_document.uri)?;
                Ok(hover::hover(document, document.offset(at.position)))
            }),
            Completion::METHOD => self.respond::<Completion>(request, |server, params| {
                let at = params.text_document_position;
                let document = server.document(&at.text_document.uri)?;
                let items = completion::complete(document, document.offset(at.position));
                Ok(Some(CompletionResponse::Array(items)))
            }),
            GotoDefinition::METHOD => self.respond::<GotoDefinition>(request, |server, params| {
                let at = params.text_document_position_params;
                let document = server.document(&at.text_document.uri)?;
                let location = navigation::definition(document, document.offset(at.position));
                Ok(location.map(GotoDefinitionResponse::Scalar))
            }),
            ReferencesRequest::METHOD => self.respond::<ReferencesRequest>(request, |server, params| {
                let at = params.text_document_position;
                let document = server.document(&at.text_document.uri)?;
                let offset = document.offset(at.position);
                Ok(Some(navigation::references(
                    document,
                    offset,
                    params.context.include_declaration,
                )))
            }),
            PrepareRenameRequest::METHOD => self.respond::<PrepareRenameRequest>(request, |server, params| {
                let document = server.document(&params.text_document.uri)?;
                Ok(navigation::prepare_rename(document, document.offset(params.position)))
            }),
            Rename::METHOD => self.respond::<Rename>(request, |server, params| {
                let at = params.text_document_position;
                let document = server.document(&at.text_document.uri)?;
                navigation::rename(document, document.offset(at.position), &params.new_name).map(Some)
            }),
            DocumentSymbolRequest::METHOD => self.respond::<DocumentSymbolRequest>(request, |server, params| {
                let document = server.document(&params.text_document.uri)?;
                Ok(Some(DocumentSymbolResponse::Nested(symbols::symbols(document))))
            }),
            CodeActionRequest::METHOD => self.respond::<CodeActionRequest>(request, |server, params| {
                let document = server.document(&params.text_document.uri)?;
                Ok(Some(diagnostics::quick_fixes(document, &params)))
            }),
            method => Response::new_err(
                request.id,
                ErrorCode::MethodNotFound as i32,
                format!("asl lsp does not answer {method}"),
            ),
        }
    }

    fn document(&self, uri: &Uri) -> Result<&Document, String> {
        self.documents
            .get(uri.as_str())
            .ok_or_else(|| format!("{} is not an open ASL document", uri.as_str()))
    }

    /// Decodes a request's parameters, runs its handler and encodes its answer; a handler's
    /// error becomes a RequestFailed error with its message.
    fn respond<R: lsp_types::request::Request>(
        &mut self,
        request: Request,
        handler: impl FnOnce(&mut Self, R::Params) -> Result<R::Result, String>,
    ) -> Response {
        let id = request.id.clone();
        match request.extract::<R::Params>(R::METHOD) {
            Err(error) => Response::new_err(id, ErrorCode::InvalidParams as i32, format!("{error:?}")),
            Ok((_, params)) => match handler(self, params) {
                Ok(result) => Response::new_ok(id, result),
                Err(message) => Response::new_err(id, ErrorCode::RequestFailed as i32, message),
            },
        }
    }
}
