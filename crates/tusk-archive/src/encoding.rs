//! The primitive encodings of `toc.dat` (pg_dump's `WriteInt`/`ReadInt`/`WriteStr`/`ReadStr`).
//!
//! - **int**: one sign byte (0 = positive, anything else = negative, as pg_restore reads it;
//!   pg_dump writes 1), then `intSize` bytes of the **magnitude**, least significant first.
//!   This is sign-magnitude, not two's complement: -1 is `01 01 00 00 00`. pg_dump writes
//!   `intSize = 4`; pg_restore accepts up to 32, summing into a C `int`. We decode into an `i64`
//!   and return an error, not a wrapped value, when the magnitude does not fit (any non-zero
//!   byte past the eighth, or a magnitude above 2^63); fields that pg_restore keeps in an `int`
//!   are then range-checked to `i32` by [`Decoder::int32`].
//! - **string**: an int length, then that many raw bytes (no terminator). -1 is NULL, 0 is the
//!   empty string, any other negative length is an error. The bytes must be UTF-8 (archives in
//!   other encodings are not supported yet).
//!
//! Invariants of the [`Decoder`]: it never panics and never allocates more than the input it
//! was given. A string length is checked against the bytes that remain *before* anything is
//! copied, and every error names the file, the byte offset where the failing item starts, the
//! field and the TOC entry.
#![warn(clippy::unwrap_used, clippy::indexing_slicing)]

use std::path::Path;

use crate::error::{EntryContext, Error, Result, TocProblem, WriteProblem};

/// The largest `intSize` pg_restore accepts.
pub(crate) const MAX_INT_SIZE: u8 = 32;

/// Reads the primitives of `toc.dat` from an in-memory buffer.
#[derive(Debug)]
pub(crate) struct Decoder<'a> {
    data: &'a [u8],
    pos: usize,
    int_size: u8,
    path: &'a Path,
    /// The field being read, for error messages.
    pub(crate) field: &'static str,
    /// The entry being read, for error messages.
    pub(crate) entry: Option<EntryContext>,
}

impl<'a> Decoder<'a> {
    /// Starts decoding `data`, which came from `path`, with `intSize` 4 until
    /// [`set_int_size`](Self::set_int_size) says otherwise.
    pub(crate) fn new(data: &'a [u8], path: &'a Path) -> Self {
        Self { data, pos: 0, int_size: 4, path, field: "", entry: None }
    }

    /// Sets the integer size read from the header (1 to 32).
    pub(crate) fn set_int_size(&mut self, int_size: u8) {
        self.int_size = int_size;
    }

    /// The current byte offset.
    pub(crate) fn offset(&self) -> u64 {
        self.pos as u64
    }

    /// The bytes not read yet.
    pub(crate) fn remaining(&self) -> usize {
        self.data.len().saturating_sub(self.pos)
    }

    /// An error at byte offset `offset` in the current field.
    pub(crate) fn error_at(&self, offset: usize, problem: TocProblem) -> Error {
        Error::InvalidToc {
            path: self.path.to_path_buf(),
            offset: offset as u64,
            field: self.field,
            entry: self.entry,
            problem,
        }
    }

    /// Takes the next `n` bytes; the error names `start`, where the enclosing item began.
    fn take(&mut self, n: usize, start: usize) -> Result<&'a [u8]> {
        let end = self.pos.checked_add(n);
        match end.and_then(|end| self.data.get(self.pos..end)) {
            Some(bytes) => {
                self.pos += n;
                Ok(bytes)
            }
            None => {
                let needed = (start.abs_diff(self.pos) + n) as u64;
                let remaining = self.data.len().saturating_sub(start) as u64;
                Err(self.error_at(start, TocProblem::UnexpectedEnd { needed, remaining }))
            }
        }
    }

    /// Reads `n` raw bytes.
    pub(crate) fn bytes(&mut self, n: usize) -> Result<&'a [u8]> {
        self.take(n, self.pos)
    }

    /// Reads one byte.
    pub(crate) fn byte(&mut self) -> Result<u8> {
        let start = self.pos;
        match self.take(1, start)? {
            [b] => Ok(*b),
            _ => Err(self.error_at(start, TocProblem::UnexpectedEnd { needed: 1, remaining: 0 })),
        }
    }

    /// Reads an int as an `i64`.
    pub(crate) fn int(&mut self) -> Result<i64> {
        let start = self.pos;
        self.int_at(start)
    }

    fn int_at(&mut self, start: usize) -> Result<i64> {
        let raw = self.take(1 + usize::from(self.int_size), start)?;
        decode_int(raw).ok_or_else(|| self.error_at(start, TocProblem::IntegerOverflow))
    }

    /// Reads an int that pg_restore keeps in a C `int`.
    pub(crate) fn int32(&mut self) -> Result<i32> {
        let start = self.pos;
        let value = self.int_at(start)?;
        i32::try_from(value).map_err(|_| self.error_at(start, TocProblem::OutOfRange { value }))
    }

    /// Reads a string's raw bytes; `None` is NULL.
    pub(crate) fn raw_string(&mut self) -> Result<Option<&'a [u8]>> {
        let start = self.pos;
        let len = self.int_at(start)?;
        if len == -1 {
            return Ok(None);
        }
        if len < 0 {
            return Err(self.error_at(start, TocProblem::NegativeLength { len }));
        }
        let remaining = self.remaining();
        match usize::try_from(len) {
            Ok(n) if n <= remaining => self.take(n, start).map(Some),
            _ => Err(self
                .error_at(start, TocProblem::StringTooLong { len, remaining: remaining as u64 })),
        }
    }

    /// Reads a string; `None` is NULL.
    pub(crate) fn string(&mut self) -> Result<Option<String>> {
        let start = self.pos;
        match self.raw_string()? {
            None => Ok(None),
            Some(bytes) => {
                match std::str::from_utf8(bytes) {
                    Ok(text) => Ok(Some(text.to_owned())),
                    Err(e) => Err(self
                        .error_at(start, TocProblem::InvalidUtf8 { valid_up_to: e.valid_up_to() })),
                }
            }
        }
    }

    /// Reads a string that must not be NULL.
    pub(crate) fn required_string(&mut self) -> Result<String> {
        let start = self.pos;
        self.string()?.ok_or_else(|| self.error_at(start, TocProblem::UnexpectedNull))
    }
}

/// Decodes a sign byte plus magnitude bytes (any count); `None` if it does not fit in an `i64`.
pub(crate) fn decode_int(raw: &[u8]) -> Option<i64> {
    let (&sign, magnitude_bytes) = raw.split_first()?;
    let mut magnitude: u64 = 0;
    for (i, &b) in magnitude_bytes.iter().enumerate() {
        if b == 0 {
            continue;
        }
        if i >= 8 {
            return None;
        }
        magnitude |= u64::from(b) << (8 * i);
    }
    if sign == 0 { i64::try_from(magnitude).ok() } else { 0i64.checked_sub_unsigned(magnitude) }
}

/// Builds `toc.dat` bytes.
#[derive(Debug)]
pub(crate) struct Encoder {
    buf: Vec<u8>,
    int_size: u8,
}

impl Encoder {
    /// Starts an empty buffer whose ints take `int_size` bytes (1 to 32).
    pub(crate) fn new(int_size: u8) -> Self {
        Self { buf: Vec::new(), int_size }
    }

    /// The bytes written so far.
    pub(crate) fn into_bytes(self) -> Vec<u8> {
        self.buf
    }

    /// Appends raw bytes.
    pub(crate) fn bytes(&mut self, bytes: &[u8]) {
        self.buf.extend_from_slice(bytes);
    }

    /// Appends one byte.
    pub(crate) fn byte(&mut self, b: u8) {
        self.buf.push(b);
    }

    /// Appends an int; it must fit in `int_size` bytes.
    pub(crate) fn int(&mut self, value: i64) -> Result<(), WriteProblem> {
        encode_int(&mut self.buf, value, self.int_size)
    }

    /// Appends a string (`None` is NULL).
    pub(crate) fn string(&mut self, value: Option<&str>) -> Result<(), WriteProblem> {
        match value {
            None => self.int(-1),
            Some(text) => {
                let len = i32::try_from(text.len())
                    .map_err(|_| WriteProblem::StringTooLong { len: text.len() })?;
                self.int(i64::from(len))?;
                self.buf.extend_from_slice(text.as_bytes());
                Ok(())
            }
        }
    }
}

/// Appends `value` as a sign byte plus `int_size` magnitude bytes.
pub(crate) fn encode_int(out: &mut Vec<u8>, value: i64, int_size: u8) -> Result<(), WriteProblem> {
    let magnitude = value.unsigned_abs();
    if int_size < 8 && magnitude >> (8 * u32::from(int_size)) != 0 {
        return Err(WriteProblem::IntTooWide { value, int_size });
    }
    out.push(u8::from(value < 0));
    for i in 0..u32::from(int_size) {
        let byte = if i < 8 { (magnitude >> (8 * i)) as u8 } else { 0 };
        out.push(byte);
    }
    Ok(())
}

#[cfg(test)]
#[allow(clippy::indexing_slicing)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn decoder(data: &[u8], int_size: u8) -> Decoder<'_> {
        let mut d = Decoder::new(data, Path::new("toc.dat"));
        d.set_int_size(int_size);
        d
    }

    #[test]
    fn sign_magnitude_examples() {
        let mut out = Vec::new();
        encode_int(&mut out, -1, 4).unwrap();
        assert_eq!(out, [1, 1, 0, 0, 0]);
        out.clear();
        encode_int(&mut out, 3340, 4).unwrap();
        assert_eq!(out, [0, 0x0c, 0x0d, 0, 0]);
        out.clear();
        encode_int(&mut out, 0, 4).unwrap();
        assert_eq!(out, [0, 0, 0, 0, 0]);
    }

    #[test]
    fn minus_zero_and_any_nonzero_sign_byte() {
        assert_eq!(decode_int(&[1, 0, 0, 0, 0]), Some(0));
        assert_eq!(decode_int(&[7, 5, 0, 0, 0]), Some(-5));
    }

    #[test]
    fn i64_limits() {
        let mut out = Vec::new();
        encode_int(&mut out, i64::MIN, 8).unwrap();
        assert_eq!(decode_int(&out), Some(i64::MIN));
        out.clear();
        encode_int(&mut out, i64::MAX, 8).unwrap();
        assert_eq!(decode_int(&out), Some(i64::MAX));
        // 2^63 positive overflows; so does any non-zero byte past the eighth.
        assert_eq!(decode_int(&[0, 0, 0, 0, 0, 0, 0, 0, 0x80]), None);
        assert_eq!(decode_int(&[1, 1, 0, 0, 0, 0, 0, 0, 0x80]), None);
        let mut wide = vec![0u8; 33];
        wide[9] = 1;
        assert_eq!(decode_int(&wide), None);
        // Zero padding up to 32 bytes is fine.
        let mut padded = vec![0u8; 33];
        padded[1] = 42;
        assert_eq!(decode_int(&padded), Some(42));
    }

    #[test]
    fn too_wide_for_int_size() {
        let mut out = Vec::new();
        assert_eq!(
            encode_int(&mut out, 256, 1),
            Err(WriteProblem::IntTooWide { value: 256, int_size: 1 })
        );
        encode_int(&mut out, -255, 1).unwrap();
        assert_eq!(out, [1, 255]);
    }

    #[test]
    fn int32_range_is_checked() {
        let mut out = Vec::new();
        encode_int(&mut out, i64::from(i32::MAX) + 1, 8).unwrap();
        let err = decoder(&out, 8).int32().unwrap_err();
        assert!(
            matches!(
                err,
                Error::InvalidToc { problem: TocProblem::OutOfRange { .. }, offset: 0, .. }
            ),
            "{err}"
        );
    }

    #[test]
    fn null_empty_and_text_strings() {
        let mut e = Encoder::new(4);
        e.string(None).unwrap();
        e.string(Some("")).unwrap();
        e.string(Some("héllo")).unwrap();
        let bytes = e.into_bytes();
        assert_eq!(bytes.get(..5), Some(&[1, 1, 0, 0, 0][..]));
        let mut d = decoder(&bytes, 4);
        assert_eq!(d.string().unwrap(), None);
        assert_eq!(d.string().unwrap(), Some(String::new()));
        assert_eq!(d.string().unwrap().as_deref(), Some("héllo"));
        assert_eq!(d.remaining(), 0);
    }

    #[test]
    fn absurd_string_length_fails_before_allocating() {
        let mut bytes = Vec::new();
        encode_int(&mut bytes, i64::from(i32::MAX), 4).unwrap();
        bytes.extend_from_slice(&[0; 40]);
        let err = decoder(&bytes, 4).string().unwrap_err();
        assert_eq!(
            err.to_string(),
            "could not read \"toc.dat\" at offset 0: string length 2147483647 exceeds the \
             remaining 40 bytes (header field \"\")"
        );
    }

    #[test]
    fn negative_length_and_bad_utf8() {
        let mut bytes = Vec::new();
        encode_int(&mut bytes, -2, 4).unwrap();
        assert!(matches!(
            decoder(&bytes, 4).string(),
            Err(Error::InvalidToc { problem: TocProblem::NegativeLength { len: -2 }, .. })
        ));
        let mut bytes = Vec::new();
        encode_int(&mut bytes, 2, 4).unwrap();
        bytes.extend_from_slice(&[0xc3, 0x28]);
        let err = decoder(&bytes, 4).string().unwrap_err();
        assert!(err.to_string().contains("not valid UTF-8"), "{err}");
    }

    #[test]
    fn truncated_int_names_its_start() {
        let bytes = [0u8, 0, 0, 0, 0, 0, 1];
        let mut d = decoder(&bytes, 4);
        d.int().unwrap();
        let err = d.int().unwrap_err();
        assert!(
            matches!(
                err,
                Error::InvalidToc {
                    offset: 5,
                    problem: TocProblem::UnexpectedEnd { needed: 5, remaining: 2 },
                    ..
                }
            ),
            "{err:?}"
        );
    }

    proptest! {
        #[test]
        fn int_round_trip(value in any::<i64>(), int_size in 8u8..=32) {
            let mut out = Vec::new();
            encode_int(&mut out, value, int_size).unwrap();
            prop_assert_eq!(out.len(), 1 + usize::from(int_size));
            prop_assert_eq!(out[0], u8::from(value < 0));
            let mut d = decoder(&out, int_size);
            prop_assert_eq!(d.int().unwrap(), value);
            prop_assert_eq!(d.remaining(), 0);
        }

        #[test]
        fn small_int_sizes_round_trip_or_refuse(value in any::<i32>(), int_size in 1u8..=7) {
            let mut out = Vec::new();
            let fits = u64::from(value.unsigned_abs()) >> (8 * u32::from(int_size)) == 0;
            match encode_int(&mut out, i64::from(value), int_size) {
                Ok(()) => {
                    prop_assert!(fits);
                    prop_assert_eq!(decoder(&out, int_size).int32().unwrap(), value);
                }
                Err(_) => prop_assert!(!fits),
            }
        }

        #[test]
        fn decode_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..40), int_size in 1u8..=32) {
            let mut d = decoder(&bytes, int_size);
            while d.remaining() > 0 {
                if d.string().is_err() {
                    break;
                }
            }
        }

        #[test]
        fn string_round_trip(text in proptest::option::of(".*"), int_size in 4u8..=32) {
            let mut e = Encoder::new(int_size);
            e.string(text.as_deref()).unwrap();
            let bytes = e.into_bytes();
            let mut d = decoder(&bytes, int_size);
            prop_assert_eq!(d.string().unwrap(), text);
            prop_assert_eq!(d.remaining(), 0);
        }
    }
}
