//! [`Bytes`]: reads a target's decisions from the fuzzer's bytes, a small stand-in for the
//! `arbitrary` crate that keeps the stable replay free of new dependencies.

/// Reads decisions from the fuzzer's bytes; past the end every read is zero, so any input decodes.
pub struct Bytes<'a> {
    data: &'a [u8],
}

impl<'a> Bytes<'a> {
    pub fn new(data: &'a [u8]) -> Bytes<'a> {
        Bytes { data }
    }

    pub fn byte(&mut self) -> u8 {
        match self.data.split_first() {
            Some((first, rest)) => {
                self.data = rest;
                *first
            }
            None => 0,
        }
    }

    /// A number below `n` (n > 0).
    pub fn below(&mut self, n: usize) -> usize {
        if n <= 256 {
            self.byte() as usize % n
        } else {
            (usize::from(self.byte()) << 8 | usize::from(self.byte())) % n
        }
    }

    pub fn flip(&mut self) -> bool {
        self.byte() & 1 == 1
    }

    pub fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())]
    }

    pub fn i64(&mut self) -> i64 {
        let mut bytes = [0u8; 8];
        for byte in &mut bytes {
            *byte = self.byte();
        }
        i64::from_le_bytes(bytes)
    }

    /// An integer that is often at an edge (0, ±1, the ends of i32, i64 and f64's exact range).
    pub fn edgy_integer(&mut self) -> i64 {
        match self.below(4) {
            0 => self.pick(&[
                0,
                1,
                -1,
                2,
                i64::MAX,
                i64::MIN,
                i64::MAX - 1,
                i64::MIN + 1,
                i32::MAX as i64,
                i32::MIN as i64,
                1 << 53,
                -(1 << 53),
                (1 << 53) + 1,
                1000,
                1001,
                -1000,
            ]),
            1 => self.i64(),
            _ => i64::from(self.byte() as i8),
        }
    }

    /// The rest of the input as text.
    pub fn rest(&mut self) -> String {
        let text = String::from_utf8_lossy(self.data).into_owned();
        self.data = &[];
        text
    }

    /// The text up to the next NUL byte (or the end), consuming the NUL.
    pub fn until_nul(&mut self) -> String {
        let end = self.data.iter().position(|byte| *byte == 0).unwrap_or(self.data.len());
        let text = String::from_utf8_lossy(&self.data[..end]).into_owned();
        self.data = self.data.get(end + 1..).unwrap_or(&[]);
        text
    }
}
