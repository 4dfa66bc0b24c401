//! The one place where the core's UTF-8 byte offsets become LSP positions and back.
//!
//! LSP positions are a 0-based line and a column counted in UTF-16 code units (the protocol's
//! default encoding, the only one every client speaks). Lines end at `\n`; a `\r` before it
//! belongs to the line break, not to the line's columns.

use lsp_types::{Position, Range};

/// Line starts of one version of a document.
#[derive(Clone, Debug)]
pub struct LineMap {
    line_starts: Vec<usize>,
}

impl LineMap {
    pub fn new(text: &str) -> LineMap {
        let mut line_starts = vec![0];
        line_starts.extend(text.match_indices('\n').map(|(offset, _)| offset + 1));
        LineMap { line_starts }
    }

    /// The position of byte `offset` (clamped to the text and to a character boundary).
    pub fn position(&self, text: &str, offset: usize) -> Position {
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = match self.line_starts.binary_search(&offset) {
            Ok(line) => line,
            Err(next) => next - 1,
        };
        let start = self.line_starts[line];
        let character = text[start..offset].encode_utf16().count();
        Position::new(line as u32, character as u32)
    }

    pub fn range(&self, text: &str, span: asl::Span) -> Range {
        Range::new(self.position(text, span.start), self.position(text, span.end))
    }

    /// The byte offset of a position. A column past the end of its line is the line's end (as
    /// LSP says), a line past the end of the text is the text's end, and a column inside a
    /// surrogate pair is the start of its character.
    pub fn offset(&self, text: &str, position: Position) -> usize {
        let Some(&start) = self.line_starts.get(position.line as usize) else {
            return text.len();
        };
        let end = self
            .line_starts
            .get(position.line as usize + 1)
            .map_or(text.len(), |next| next - 1);
        let line = text[start..end].strip_suffix('\r').unwrap_or(&text[start..end]);
        let mut units = 0;
        for (index, character) in line.char_indices() {
            units += character.len_utf16();
            if units > position.character as usize {
                return start + index;
            }
        }
        start + line.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(text: &str, offset: usize) -> (u32, u32) {
        let lines = LineMap::new(text);
        let position = lines.position(text, offset);
        assert_eq!(lines.offset(text, position), offset, "round trip of {offset}");
        (position.line, position.character)
    }

    #[test]
    fn columns_count_utf16_units() {
        // é is 2 bytes and 1 unit; 😀 is 4 bytes and 2 units.
        let text = "{\"é😀x\": 1,\r\n \"y\"}";
        assert_eq!(check(text, 0), (0, 0));
        assert_eq!(check(text, 4), (0, 3));
        assert_eq!(check(text, 8), (0, 5));
        assert_eq!(check(text, 16), (1, 0));
        assert_eq!(check(text, 18), (1, 2));
    }

    #[test]
    fn positions_outside_the_text_are_clamped() {
        let text = "ab\r\ncd";
        let lines = LineMap::new(text);
        assert_eq!(lines.offset(text, Position::new(0, 9)), 2);
        assert_eq!(lines.offset(text, Position::new(7, 0)), text.len());
        // Inside the surrogate pair of 😀: the start of the character.
        let emoji = "😀z";
        assert_eq!(LineMap::new(emoji).offset(emoji, Position::new(0, 1)), 0);
        assert_eq!(lines.position(text, 99), Position::new(1, 2));
    }
}
