//! A Language Server Protocol server for Amazon States Language definitions: `asl lsp`.
//!
//! It speaks LSP over the connection its host gives it (the CLI's standard input and output)
//! and never touches files, the terminal or the environment itself: documents come from the
//! client, and every answer comes from the core.
