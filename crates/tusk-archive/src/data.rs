//! Data files: streaming (de)compression of `<dumpId>.dat[.gz|.lz4|.zst]` and
//! `blob_<oid>.dat[...]`.
//!
//! Format facts (see the reference, section 3.2):
//! - gzip files are RFC 1952 streams as zlib's `gzwrite` makes them; zlib's `gzread` (pg_restore)
//!   also reads several concatenated members. lz4 files use the LZ4 *frame* format, zstd files
//!   zstd frames. The compression is chosen per file by its suffix, so one archive may mix them.
//! - A file may hold several consecutive frames (gzip members, zstd or lz4 frames). Readers read
//!   all of them. [`CompressWriter::start_new_frame`] ends the current frame and starts the
//!   next one, and reports where each frame starts in both the compressed and uncompressed
//!   streams, so a later reader can start decompressing at any frame
//!   ([`DataReader::open_at`]).
//!
//! Invariants:
//! - Memory is independent of the file size: both directions stream through fixed buffers
//!   (the codecs' own, a 128 KiB `BufReader`/`BufWriter`, and lz4's per-block buffers of at
//!   most 4 MiB times two, as the frame header allows).
//! - Short data never passes for complete data: a compressed stream that ends inside a frame,
//!   or a compressed file that is empty, is an [`Error::Truncated`]; a corrupt one is an
//!   [`Error::Decompress`]. Both name the file and a compressed offset. (The lz4 crate reports
//!   a stream cut at a block boundary as a clean end of data; [`DataReader`] tracks frame
//!   boundaries itself to catch that.) Plain files cannot be checked.
//! - The `Read`/`Write` impls return `io::Error`s that wrap an [`Error`]; get it back with
//!   [`Error::downcast_io`].
//! - A [`DataWriter`] writes to `<name>.tmp` and renames to the final name only in
//!   [`DataWriter::finish`], after an optional fsync. Dropping it unfinished deletes the
//!   temporary file, so no file that looks complete is ever left behind.
#![warn(clippy::unwrap_used, clippy::indexing_slicing)]

use std::fmt;
use std::io::{self, BufReader, BufWriter, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::model::Algorithm;

/// The buffer size for file IO.
const BUFFER_SIZE: usize = 128 * 1024;

/// A compression algorithm with its level, for writing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Compression {
    algorithm: Algorithm,
    level: i32,
}

impl Compression {
    /// zlib's default level, which pg_dump's `-Z` default (-1) stands for.
    pub const DEFAULT_GZIP_LEVEL: i32 = 6;
    /// zstd's default level (`ZSTD_CLEVEL_DEFAULT`, as pg_dump uses).
    pub const DEFAULT_ZSTD_LEVEL: i32 = 3;

    /// No compression.
    pub const NONE: Self = Self { algorithm: Algorithm::None, level: 0 };

    /// `algorithm` at its default level. Errors for lz4, which is read only.
    pub fn new(algorithm: Algorithm) -> Result<Self> {
        let level = match algorithm {
            Algorithm::None => 0,
            Algorithm::Gzip => Self::DEFAULT_GZIP_LEVEL,
            Algorithm::Zstd => Self::DEFAULT_ZSTD_LEVEL,
            Algorithm::Lz4 => return Err(Error::UnsupportedWriteAlgorithm { algorithm }),
        };
        Ok(Self { algorithm, level })
    }

    /// `algorithm` at `level`: 0 to 9 for gzip, zstd's range (negative levels are faster) for
    /// zstd, ignored for none. Errors for lz4, which is read only.
    pub fn with_level(algorithm: Algorithm, level: i32) -> Result<Self> {
        let (min, max) = match algorithm {
            Algorithm::None => return Ok(Self::NONE),
            Algorithm::Gzip => (0, 9),
            Algorithm::Zstd => {
                let range = zstd::compression_level_range();
                (*range.start(), *range.end())
            }
            Algorithm::Lz4 => return Err(Error::UnsupportedWriteAlgorithm { algorithm }),
        };
        if !(min..=max).contains(&level) {
            return Err(Error::InvalidLevel { algorithm, level, min, max });
        }
        Ok(Self { algorithm, level })
    }

    /// The algorithm.
    pub fn algorithm(self) -> Algorithm {
        self.algorithm
    }

    /// The level (0 for none).
    pub fn level(self) -> i32 {
        self.level
    }
}

/// Where a frame starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Frame {
    /// Its offset in the compressed file.
    pub compressed_offset: u64,
    /// Its offset in the decompressed stream.
    pub uncompressed_offset: u64,
}

/// What a finished [`CompressWriter`] produced.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CompressSummary {
    /// Uncompressed bytes written.
    pub bytes_in: u64,
    /// Compressed bytes produced.
    pub bytes_out: u64,
    /// Where each frame starts; the first is at offset 0.
    pub frames: Vec<Frame>,
}

/// Counts the bytes going through a writer.
#[derive(Debug)]
struct CountingWriter<W> {
    inner: W,
    count: u64,
}

impl<W: Write> Write for CountingWriter<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.count += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

enum Encoder<W: Write> {
    Plain(CountingWriter<W>),
    Gzip(flate2::write::GzEncoder<CountingWriter<W>>),
    Zstd(zstd::stream::write::Encoder<'static, CountingWriter<W>>),
}

impl<W: Write> Encoder<W> {
    fn new(inner: CountingWriter<W>, compression: Compression) -> io::Result<Self> {
        Ok(match compression.algorithm {
            Algorithm::None | Algorithm::Lz4 => Self::Plain(inner),
            Algorithm::Gzip => {
                let level = flate2::Compression::new(compression.level.unsigned_abs());
                // OS byte 3 (Unix) and mtime 0, as zlib's gzopen writes them.
                Self::Gzip(flate2::GzBuilder::new().operating_system(3).write(inner, level))
            }
            Algorithm::Zstd => {
                let mut encoder = zstd::stream::write::Encoder::new(inner, compression.level)?;
                encoder.include_checksum(true)?;
                Self::Zstd(encoder)
            }
        })
    }

    fn counter(&self) -> &CountingWriter<W> {
        match self {
            Self::Plain(w) => w,
            Self::Gzip(e) => e.get_ref(),
            Self::Zstd(e) => e.get_ref(),
        }
    }

    fn finish(self) -> io::Result<CountingWriter<W>> {
        match self {
            Self::Plain(w) => Ok(w),
            Self::Gzip(e) => e.finish(),
            Self::Zstd(e) => e.finish(),
        }
    }
}

/// The state of a [`CompressWriter`].
enum State<W: Write> {
    /// Inside a frame.
    Active(Box<Encoder<W>>),
    /// A frame was ended by `start_new_frame`; the next one starts with the next byte written.
    Between(CountingWriter<W>),
    /// An earlier error left the writer unusable.
    Poisoned,
}

/// A compressing writer over any `Write`, producing one or more frames.
///
/// It must be [`finish`](Self::finish)ed: the end of the last frame is written only then.
/// (Dropping an unfinished gzip writer writes the trailer anyway, a zstd one does not; do not
/// rely on either.)
pub struct CompressWriter<W: Write> {
    state: State<W>,
    compression: Compression,
    bytes_in: u64,
    frames: Vec<Frame>,
}

impl<W: Write> fmt::Debug for CompressWriter<W> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CompressWriter")
            .field("compression", &self.compression)
            .field("bytes_in", &self.bytes_in)
            .field("frames", &self.frames)
            .finish_non_exhaustive()
    }
}

fn poisoned() -> io::Error {
    io::Error::other("compressing writer is unusable after an earlier error")
}

impl<W: Write> CompressWriter<W> {
    /// Starts the first frame, writing to `inner`.
    pub fn new(inner: W, compression: Compression) -> io::Result<Self> {
        let encoder = Encoder::new(CountingWriter { inner, count: 0 }, compression)?;
        Ok(Self {
            state: State::Active(Box::new(encoder)),
            compression,
            bytes_in: 0,
            frames: vec![Frame::default()],
        })
    }

    /// The compression.
    pub fn compression(&self) -> Compression {
        self.compression
    }

    /// Uncompressed bytes written so far.
    pub fn bytes_in(&self) -> u64 {
        self.bytes_in
    }

    /// Where each frame started so far (including a frame just started by
    /// [`start_new_frame`](Self::start_new_frame) that has no data yet).
    pub fn frames(&self) -> &[Frame] {
        &self.frames
    }

    /// Compressed bytes handed to the inner writer so far (the codec may hold more back).
    pub fn bytes_out(&self) -> u64 {
        match &self.state {
            State::Active(encoder) => encoder.counter().count,
            State::Between(counter) => counter.count,
            State::Poisoned => 0,
        }
    }

    /// Ends the current frame (gzip member, zstd frame) and returns where the next one starts.
    /// The next frame begins with the next byte written; if nothing is written after it,
    /// [`finish`](Self::finish) drops it, so the file never ends with an empty frame. Calling
    /// this when the current frame has no data yet does nothing and returns that frame. For
    /// uncompressed files this only records the offset.
    pub fn start_new_frame(&mut self) -> io::Result<Frame> {
        let current = self.frames.last().copied().unwrap_or_default();
        if current.uncompressed_offset == self.bytes_in {
            return Ok(current);
        }
        match std::mem::replace(&mut self.state, State::Poisoned) {
            State::Active(encoder) => {
                let counter = encoder.finish()?;
                let frame =
                    Frame { compressed_offset: counter.count, uncompressed_offset: self.bytes_in };
                self.state = State::Between(counter);
                self.frames.push(frame);
                Ok(frame)
            }
            // Not reachable: a pending frame has no data, which returned above.
            State::Between(counter) => {
                self.state = State::Between(counter);
                Ok(current)
            }
            State::Poisoned => Err(poisoned()),
        }
    }

    /// Ends the last frame and returns the inner writer (not flushed) and what was written.
    pub fn finish(mut self) -> io::Result<(W, CompressSummary)> {
        let counter = match std::mem::replace(&mut self.state, State::Poisoned) {
            State::Active(encoder) => encoder.finish()?,
            State::Between(counter) => {
                // The frame announced last never received data.
                self.frames.pop();
                counter
            }
            State::Poisoned => return Err(poisoned()),
        };
        let summary = CompressSummary {
            bytes_in: self.bytes_in,
            bytes_out: counter.count,
            frames: std::mem::take(&mut self.frames),
        };
        Ok((counter.inner, summary))
    }

    fn encoder(&mut self) -> io::Result<&mut Encoder<W>> {
        if matches!(self.state, State::Between(_)) {
            let State::Between(counter) = std::mem::replace(&mut self.state, State::Poisoned)
            else {
                return Err(poisoned());
            };
            self.state = State::Active(Box::new(Encoder::new(counter, self.compression)?));
        }
        match &mut self.state {
            State::Active(encoder) => Ok(encoder),
            State::Between(_) | State::Poisoned => Err(poisoned()),
        }
    }
}

impl<W: Write> Write for CompressWriter<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if buf.is_empty() {
            return Ok(0);
        }
        let n = match self.encoder()? {
            Encoder::Plain(w) => w.write(buf)?,
            Encoder::Gzip(e) => e.write(buf)?,
            Encoder::Zstd(e) => e.write(buf)?,
        };
        self.bytes_in += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        match &mut self.state {
            State::Active(encoder) => match encoder.as_mut() {
                Encoder::Plain(w) => w.flush(),
                Encoder::Gzip(e) => e.flush(),
                Encoder::Zstd(e) => e.flush(),
            },
            State::Between(counter) => counter.flush(),
            State::Poisoned => Err(poisoned()),
        }
    }
}

/// What a finished [`DataWriter`] wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DataFileSummary {
    /// The final path (with compression suffix).
    pub path: PathBuf,
    /// The compression.
    pub algorithm: Algorithm,
    /// Uncompressed bytes written.
    pub bytes_in: u64,
    /// Bytes in the file.
    pub bytes_out: u64,
    /// Where each frame starts; the first is at offset 0.
    pub frames: Vec<Frame>,
}

/// A data file being written: compresses as it goes into `<path>.tmp`, renamed to `path` by
/// [`finish`](Self::finish). Dropping it unfinished deletes the temporary file.
pub struct DataWriter {
    writer: Option<CompressWriter<BufWriter<fs_err::File>>>,
    path: PathBuf,
    temp_path: PathBuf,
    sync: bool,
}

impl fmt::Debug for DataWriter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DataWriter")
            .field("path", &self.path)
            .field("writer", &self.writer)
            .field("sync", &self.sync)
            .finish()
    }
}

impl DataWriter {
    /// Creates `<path>.tmp` (which must not exist, nor `path`). `path` is the final name,
    /// including any compression suffix. With `sync`, [`finish`](Self::finish) fsyncs the file
    /// before renaming it.
    pub fn create(path: impl Into<PathBuf>, compression: Compression, sync: bool) -> Result<Self> {
        let path = path.into();
        if path.exists() {
            return Err(Error::FileExists { path });
        }
        let mut temp_name = path.clone().into_os_string();
        temp_name.push(".tmp");
        let temp_path = PathBuf::from(temp_name);
        let file = fs_err::File::create_new(&temp_path)
            .map_err(|source| Error::Write { path: temp_path.clone(), source })?;
        let buffered = BufWriter::with_capacity(BUFFER_SIZE, file);
        let writer = match CompressWriter::new(buffered, compression) {
            Ok(writer) => writer,
            Err(source) => {
                let _ = fs_err::remove_file(&temp_path);
                return Err(Error::Write { path: temp_path, source });
            }
        };
        Ok(Self { writer: Some(writer), path, temp_path, sync })
    }

    /// The final path.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Uncompressed bytes written so far.
    pub fn bytes_in(&self) -> u64 {
        self.writer.as_ref().map_or(0, CompressWriter::bytes_in)
    }

    /// Where each frame started so far.
    pub fn frames(&self) -> &[Frame] {
        self.writer.as_ref().map_or(&[], CompressWriter::frames)
    }

    fn write_error(&self, source: io::Error) -> Error {
        Error::Write { path: self.temp_path.clone(), source }
    }

    fn writer(&mut self) -> io::Result<&mut CompressWriter<BufWriter<fs_err::File>>> {
        self.writer.as_mut().ok_or_else(|| io::Error::other("data file writer already finished"))
    }

    /// Ends the current frame and starts a new one; see [`CompressWriter::start_new_frame`].
    pub fn start_new_frame(&mut self) -> Result<Frame> {
        match self.writer().and_then(CompressWriter::start_new_frame) {
            Ok(frame) => Ok(frame),
            Err(source) => Err(self.write_error(source)),
        }
    }

    /// Ends the last frame, flushes (and with `sync` fsyncs) the file and renames it to its
    /// final name.
    pub fn finish(mut self) -> Result<DataFileSummary> {
        let Some(writer) = self.writer.take() else {
            return Err(self.write_error(io::Error::other("data file writer already finished")));
        };
        let algorithm = writer.compression().algorithm();
        let sync = self.sync;
        let written = writer.finish().and_then(|(buffered, summary)| {
            let file = buffered.into_inner().map_err(io::IntoInnerError::into_error)?;
            if sync {
                file.sync_all()?;
            }
            drop(file);
            fs_err::rename(&self.temp_path, &self.path)?;
            Ok(summary)
        });
        match written {
            Ok(summary) => Ok(DataFileSummary {
                path: self.path.clone(),
                algorithm,
                bytes_in: summary.bytes_in,
                bytes_out: summary.bytes_out,
                frames: summary.frames,
            }),
            Err(source) => {
                // Best effort, as in drop: an unfinished file must not stay behind.
                let _ = fs_err::remove_file(&self.temp_path);
                Err(self.write_error(source))
            }
        }
    }
}

impl Write for DataWriter {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.writer()?.write(buf).map_err(|e| {
            let kind = e.kind();
            self.write_error(e).into_io(kind)
        })
    }

    fn flush(&mut self) -> io::Result<()> {
        self.writer()?.flush().map_err(|e| {
            let kind = e.kind();
            self.write_error(e).into_io(kind)
        })
    }
}

impl Drop for DataWriter {
    fn drop(&mut self) {
        if let Some(writer) = self.writer.take() {
            drop(writer);
            // Best effort: the file was never renamed, so it does not look complete anyway.
            let _ = fs_err::remove_file(&self.temp_path);
        }
    }
}

/// Counts the bytes read from the compressed input and notes when it ends.
struct CountingReader {
    inner: Box<dyn Read + Send>,
    count: u64,
    eof: bool,
}

impl Read for CountingReader {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        if n == 0 && !buf.is_empty() {
            self.eof = true;
        }
        self.count += n as u64;
        Ok(n)
    }
}

enum Decoder {
    Plain(CountingReader),
    Gzip(Box<flate2::read::MultiGzDecoder<CountingReader>>),
    Lz4 { decoder: Box<lz4_flex::frame::FrameDecoder<CountingReader>>, in_frame: bool },
    Zstd(Box<zstd::stream::read::Decoder<'static, BufReader<CountingReader>>>),
}

impl Decoder {
    fn counter(&self) -> &CountingReader {
        match self {
            Self::Plain(r) => r,
            Self::Gzip(d) => d.get_ref(),
            Self::Lz4 { decoder, .. } => decoder.get_ref(),
            Self::Zstd(d) => d.get_ref().get_ref(),
        }
    }
}

/// A decompressing reader of one data file (or of any compressed stream).
///
/// Reads every frame to the end of the input. Errors are `io::Error`s wrapping an [`Error`]
/// that names the file: [`Error::Truncated`] (kind `UnexpectedEof`) when the stream ends inside
/// a frame, [`Error::Decompress`] when it is corrupt, [`Error::Read`] when the file cannot be
/// read.
pub struct DataReader {
    decoder: Decoder,
    path: PathBuf,
    algorithm: Algorithm,
    start: u64,
    bytes_out: u64,
    done: bool,
}

impl fmt::Debug for DataReader {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DataReader")
            .field("path", &self.path)
            .field("algorithm", &self.algorithm)
            .field("start", &self.start)
            .field("bytes_out", &self.bytes_out)
            .finish_non_exhaustive()
    }
}

impl DataReader {
    /// Decompresses `source`, a stream compressed with `algorithm` that starts at compressed
    /// offset `start` of the file `path` (both used in error messages only).
    pub fn new(
        source: impl Read + Send + 'static,
        algorithm: Algorithm,
        path: impl Into<PathBuf>,
        start: u64,
    ) -> Result<Self> {
        let path = path.into();
        let counted = |inner: Box<dyn Read + Send>| CountingReader { inner, count: 0, eof: false };
        let buffered = |source| -> Box<dyn Read + Send> {
            Box::new(BufReader::with_capacity(BUFFER_SIZE, source))
        };
        let decoder = match algorithm {
            Algorithm::None => Decoder::Plain(counted(buffered(source))),
            Algorithm::Gzip => Decoder::Gzip(Box::new(flate2::read::MultiGzDecoder::new(counted(
                Box::new(source),
            )))),
            Algorithm::Lz4 => Decoder::Lz4 {
                decoder: Box::new(lz4_flex::frame::FrameDecoder::new(counted(buffered(source)))),
                in_frame: false,
            },
            Algorithm::Zstd => {
                let decoder = zstd::stream::read::Decoder::new(counted(Box::new(source))).map_err(
                    |source| Error::Decompress {
                        path: path.clone(),
                        algorithm,
                        offset: start,
                        source,
                    },
                )?;
                Decoder::Zstd(Box::new(decoder))
            }
        };
        Ok(Self { decoder, path, algorithm, start, bytes_out: 0, done: false })
    }

    /// Opens the file `path`, compressed with `algorithm`, from its start.
    pub fn open(path: impl Into<PathBuf>, algorithm: Algorithm) -> Result<Self> {
        Self::open_at(path, algorithm, 0, None)
    }

    /// Opens the file `path` at compressed offset `start`, which must be where a frame starts
    /// (see [`Frame`]), and reads up to compressed offset `end` (the start of a later frame) or
    /// to the end of the file.
    pub fn open_at(
        path: impl Into<PathBuf>,
        algorithm: Algorithm,
        start: u64,
        end: Option<u64>,
    ) -> Result<Self> {
        let path = path.into();
        let read_error = |source| Error::Read { path: path.clone(), source };
        let mut file = fs_err::File::open(&path).map_err(read_error)?;
        if start > 0 {
            file.seek(SeekFrom::Start(start)).map_err(read_error)?;
        }
        match end {
            Some(end) => {
                let source = file.take(end.saturating_sub(start));
                Self::new(source, algorithm, path, start)
            }
            None => Self::new(file, algorithm, path, start),
        }
    }

    /// The file being read.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Its compression.
    pub fn algorithm(&self) -> Algorithm {
        self.algorithm
    }

    /// Decompressed bytes returned so far.
    pub fn bytes_out(&self) -> u64 {
        self.bytes_out
    }

    /// The compressed offset the decoder has read up to (it reads ahead of the data returned).
    pub fn compressed_offset(&self) -> u64 {
        self.start + self.decoder.counter().count
    }

    fn wrap(&self, err: io::Error) -> io::Error {
        let kind = err.kind();
        let path = self.path.clone();
        let offset = self.compressed_offset();
        let algorithm = self.algorithm;
        let error = match (algorithm, kind) {
            (Algorithm::None, _) => Error::Read { path, source: err },
            (_, io::ErrorKind::UnexpectedEof) => Error::Truncated { path, algorithm, offset },
            _ => Error::Decompress { path, algorithm, offset, source: err },
        };
        error.into_io(kind)
    }
}

/// Reads lz4 frames one after the other. The lz4 crate returns `Ok(0)` at the end of each
/// frame, and also when the input ends at a block boundary inside a frame; `in_frame` tells
/// the two apart.
fn read_lz4(
    decoder: &mut lz4_flex::frame::FrameDecoder<CountingReader>,
    in_frame: &mut bool,
    buf: &mut [u8],
) -> io::Result<usize> {
    loop {
        let before = decoder.get_ref().count;
        let n = decoder.read(buf)?;
        if n > 0 {
            *in_frame = true;
            return Ok(n);
        }
        let counter = decoder.get_ref();
        if counter.eof {
            if !*in_frame && counter.count == before {
                return Ok(0);
            }
            return Err(io::Error::new(io::ErrorKind::UnexpectedEof, "lz4 frame is incomplete"));
        }
        // The end mark of a frame: go on with the next one.
        *in_frame = false;
    }
}

impl Read for DataReader {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if buf.is_empty() || self.done {
            return Ok(0);
        }
        let result = match &mut self.decoder {
            Decoder::Plain(r) => r.read(buf),
            Decoder::Gzip(d) => d.read(buf),
            Decoder::Lz4 { decoder, in_frame } => read_lz4(decoder, in_frame, buf),
            Decoder::Zstd(d) => d.read(buf),
        };
        match result {
            Ok(0) => {
                if self.algorithm != Algorithm::None && self.decoder.counter().count == 0 {
                    // Every compressed stream has at least a header.
                    let err = Error::Truncated {
                        path: self.path.clone(),
                        algorithm: self.algorithm,
                        offset: self.start,
                    };
                    return Err(err.into_io(io::ErrorKind::UnexpectedEof));
                }
                self.done = true;
                Ok(0)
            }
            Ok(n) => {
                self.bytes_out += n as u64;
                Ok(n)
            }
            Err(e) if e.kind() == io::ErrorKind::Interrupted => Err(e),
            Err(e) => Err(self.wrap(e)),
        }
    }
}

#[cfg(test)]
#[allow(clippy::indexing_slicing)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn compress(data: &[u8], compression: Compression, frame_every: Option<usize>) -> Vec<u8> {
        let mut w = CompressWriter::new(Vec::new(), compression).unwrap();
        match frame_every {
            None => w.write_all(data).unwrap(),
            Some(n) => {
                for chunk in data.chunks(n.max(1)) {
                    w.write_all(chunk).unwrap();
                    w.start_new_frame().unwrap();
                }
            }
        }
        let (out, summary) = w.finish().unwrap();
        assert_eq!(summary.bytes_in, data.len() as u64);
        assert_eq!(summary.bytes_out, out.len() as u64);
        out
    }

    fn decompress(data: Vec<u8>, algorithm: Algorithm) -> io::Result<Vec<u8>> {
        let mut r = DataReader::new(io::Cursor::new(data), algorithm, "test.dat", 0).unwrap();
        let mut out = Vec::new();
        r.read_to_end(&mut out)?;
        Ok(out)
    }

    fn lz4(data: &[u8]) -> Vec<u8> {
        let mut e = lz4_flex::frame::FrameEncoder::new(Vec::new());
        e.write_all(data).unwrap();
        e.finish().unwrap()
    }

    fn writable() -> [Compression; 3] {
        [
            Compression::NONE,
            Compression::new(Algorithm::Gzip).unwrap(),
            Compression::new(Algorithm::Zstd).unwrap(),
        ]
    }

    #[test]
    fn levels_are_checked() {
        assert!(Compression::with_level(Algorithm::Gzip, 10).is_err());
        assert!(Compression::with_level(Algorithm::Gzip, -1).is_err());
        assert!(Compression::with_level(Algorithm::Zstd, 23).is_err());
        assert_eq!(Compression::with_level(Algorithm::Zstd, -5).unwrap().level(), -5);
        assert!(matches!(
            Compression::new(Algorithm::Lz4),
            Err(Error::UnsupportedWriteAlgorithm { .. })
        ));
    }

    #[test]
    fn frames_are_reported_and_independent() {
        let data: Vec<u8> = (0..200_000u32).flat_map(|i| (i % 251).to_le_bytes()).collect();
        for compression in writable() {
            let mut w = CompressWriter::new(Vec::new(), compression).unwrap();
            w.write_all(&data[..300_000]).unwrap();
            let second = w.start_new_frame().unwrap();
            // A second call without data in between is a no-op.
            assert_eq!(w.start_new_frame().unwrap(), second);
            w.write_all(&data[300_000..]).unwrap();
            let (out, summary) = w.finish().unwrap();
            assert_eq!(summary.frames.len(), 2);
            assert_eq!(second.uncompressed_offset, 300_000);
            let tail = out[second.compressed_offset as usize..].to_vec();
            let algorithm = compression.algorithm();
            assert_eq!(decompress(tail, algorithm).unwrap(), &data[300_000..]);
            assert_eq!(decompress(out, algorithm).unwrap(), data);
        }
    }

    #[test]
    fn empty_compressed_input_is_truncated() {
        for algorithm in [Algorithm::Gzip, Algorithm::Lz4, Algorithm::Zstd] {
            let err = decompress(Vec::new(), algorithm).unwrap_err();
            let err = Error::downcast_io(err).unwrap();
            assert!(matches!(err, Error::Truncated { offset: 0, .. }), "{algorithm:?}: {err}");
        }
        assert_eq!(decompress(Vec::new(), Algorithm::None).unwrap(), b"");
    }

    #[test]
    fn empty_data_round_trips() {
        for compression in writable() {
            let out = compress(b"", compression, None);
            assert_eq!(decompress(out, compression.algorithm()).unwrap(), b"");
        }
    }

    #[test]
    fn lz4_multi_frame_and_truncation() {
        let a = b"hello lz4 frame one ".repeat(5000);
        let b = b"and frame two".repeat(7000);
        let mut both = lz4(&a);
        let first_len = both.len();
        both.extend(lz4(&b));
        let mut expected = a.clone();
        expected.extend_from_slice(&b);
        assert_eq!(decompress(both.clone(), Algorithm::Lz4).unwrap(), expected);
        // Every cut except at the frame boundary must fail.
        for cut in (1..both.len()).step_by(97).chain([first_len - 4, first_len + 7]) {
            let result = decompress(both[..cut].to_vec(), Algorithm::Lz4);
            if cut == first_len {
                assert_eq!(result.unwrap(), a);
            } else {
                let err = Error::downcast_io(result.unwrap_err()).unwrap();
                assert!(
                    matches!(err, Error::Truncated { .. } | Error::Decompress { .. }),
                    "{cut}: {err}"
                );
            }
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(48))]

        #[test]
        fn round_trip_random_chunks(
            data in proptest::collection::vec(any::<u8>(), 0..20_000),
            repeat in 1usize..20,
            chunks in proptest::collection::vec(1usize..5000, 1..20),
            frame_every in proptest::option::of(1usize..30_000),
            which in 0usize..3,
        ) {
            let data = data.repeat(repeat);
            let compression = writable()[which];
            let mut w = CompressWriter::new(Vec::new(), compression).unwrap();
            let mut rest = &data[..];
            let mut since_frame = 0;
            for size in chunks.iter().cycle() {
                if rest.is_empty() { break; }
                let (head, tail) = rest.split_at((*size).min(rest.len()));
                w.write_all(head).unwrap();
                rest = tail;
                since_frame += head.len();
                if frame_every.is_some_and(|n| since_frame >= n) {
                    w.start_new_frame().unwrap();
                    since_frame = 0;
                }
            }
            let (out, summary) = w.finish().unwrap();
            prop_assert_eq!(summary.bytes_in, data.len() as u64);
            // Read back in random chunk sizes too.
            let mut r = DataReader::new(io::Cursor::new(out.clone()), compression.algorithm(), "t", 0).unwrap();
            let mut back = Vec::new();
            let mut buf = vec![0u8; 7000];
            for size in chunks.iter().cycle() {
                let n = r.read(&mut buf[..*size]).unwrap();
                if n == 0 { break; }
                back.extend_from_slice(&buf[..n]);
            }
            prop_assert_eq!(&back, &data);
            // Each frame decompresses on its own, from its offset to the end.
            for frame in &summary.frames {
                let tail = out[frame.compressed_offset as usize..].to_vec();
                let got = decompress(tail, compression.algorithm()).unwrap();
                prop_assert_eq!(&got[..], &data[frame.uncompressed_offset as usize..]);
            }
        }

        #[test]
        fn truncation_is_detected(
            data in proptest::collection::vec(any::<u8>(), 1..5000),
            cut_fraction in 0.0f64..1.0,
            which in 1usize..3,
        ) {
            let compression = writable()[which];
            let out = compress(&data.repeat(3), compression, None);
            let cut = ((out.len() as f64) * cut_fraction) as usize;
            let result = decompress(out[..cut].to_vec(), compression.algorithm());
            let err = Error::downcast_io(result.unwrap_err()).unwrap();
            prop_assert!(matches!(err, Error::Truncated { .. } | Error::Decompress { .. }), "{}", err);
        }

        #[test]
        fn corruption_is_detected(
            data in proptest::collection::vec(any::<u8>(), 1..5000),
            at_fraction in 0.0f64..1.0,
            flip in 1u8..=255,
            which in 1usize..3,
        ) {
            let compression = writable()[which];
            let mut out = compress(&data, compression, None);
            let at = ((out.len() as f64) * at_fraction) as usize;
            out[at] ^= flip;
            let result = decompress(out, compression.algorithm());
            // Flipping a header flag can leave a valid stream (e.g. the gzip OS byte), but the
            // data must then still be intact.
            match result {
                Ok(back) => prop_assert_eq!(back, data),
                Err(err) => {
                    prop_assert!(Error::downcast_io(err).is_ok());
                }
            }
        }
    }
}
