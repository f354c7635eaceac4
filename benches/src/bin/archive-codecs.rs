//! Throughput of tusk-archive's data-file codecs on COPY-like text.
//!
//! Writes a generated stream of COPY text rows (a mix of integers, timestamps, short and long
//! text, NULLs) through `DataWriter` with each codec and level, reads it back through
//! `DataReader`, checks the bytes, and prints MB/s and the compression ratio. This is what
//! chooses the dump engine's default zstd level; no assertion about speed is made here.
//!
//! Usage: `cargo run --release -p tusk-benches --bin archive-codecs -- [MIB]` (default 256).
#![allow(clippy::print_stdout, reason = "a benchmark reports on standard output")]

use std::io::{Read as _, Write as _};
use std::time::Instant;

use anyhow::Context as _;
use tusk_archive::{Algorithm, Compression, DataReader, DataWriter};

/// Deterministic COPY text: about `mib` MiB of rows.
fn copy_text(mib: usize) -> Vec<u8> {
    let target = mib * 1024 * 1024;
    let mut out = Vec::with_capacity(target + 256);
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    let words = ["alpha", "beta", "gamma", "delta", "lorem", "ipsum", "tusk", "postgres"];
    let mut id = 0u64;
    while out.len() < target {
        id += 1;
        // xorshift: cheap, deterministic variety
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        let w = words[(x % words.len() as u64) as usize];
        let null = x.is_multiple_of(11);
        let _ = writeln!(
            out,
            "{id}\t{}\t2026-{:02}-{:02} {:02}:{:02}:{:02}+00\t{w} {w} {}\t{}",
            x % 1_000_000,
            x % 12 + 1,
            x % 28 + 1,
            x % 24,
            x % 60,
            (x >> 8) % 60,
            x % 977,
            if null { "\\N".to_owned() } else { format!("{:x}", x) },
        );
    }
    out.extend_from_slice(b"\\.\n\n\n");
    out
}

fn main() -> anyhow::Result<()> {
    let mib: usize = std::env::args().nth(1).map(|a| a.parse()).transpose()?.unwrap_or(256);
    let data = copy_text(mib);
    let dir = tempfile::tempdir()?;
    println!(
        "{:<10} {:>6} {:>12} {:>12} {:>8}",
        "codec", "level", "write MB/s", "read MB/s", "ratio"
    );
    let cases = [
        (Algorithm::None, 0),
        (Algorithm::Gzip, 1),
        (Algorithm::Gzip, 6),
        (Algorithm::Zstd, -5),
        (Algorithm::Zstd, -3),
        (Algorithm::Zstd, -1),
        (Algorithm::Zstd, 1),
        (Algorithm::Zstd, 3),
        (Algorithm::Zstd, 6),
    ];
    for (alg, level) in cases {
        let compression = if alg == Algorithm::None {
            Compression::new(alg)?
        } else {
            Compression::with_level(alg, level)?
        };
        let path = dir.path().join(format!("{}-{level}.dat{}", alg.name(), alg.suffix()));
        let t = Instant::now();
        let mut w = DataWriter::create(&path, compression, false)?;
        for chunk in data.chunks(256 * 1024) {
            w.write_all(chunk)?;
        }
        let summary = w.finish()?;
        let write_s = t.elapsed().as_secs_f64();
        let t = Instant::now();
        let mut r = DataReader::open(&path, alg)?;
        let mut back = Vec::with_capacity(data.len());
        r.read_to_end(&mut back).context("reading back")?;
        let read_s = t.elapsed().as_secs_f64();
        anyhow::ensure!(
            back == data,
            "{} level {level}: data differs after a round trip",
            alg.name()
        );
        let mb = data.len() as f64 / 1e6;
        println!(
            "{:<10} {:>6} {:>12.0} {:>12.0} {:>8.2}",
            alg.name(),
            level,
            mb / write_s,
            mb / read_s,
            data.len() as f64 / summary.bytes_out as f64
        );
    }
    Ok(())
}
