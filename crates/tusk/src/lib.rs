//! tusk as a library: dump, restore and inspect PostgreSQL databases natively, with archives
//! in pg_dump's directory format.
//!
//! This facade re-exports the parts of the engine crates that embedders use; the crates behind
//! it (`tusk-pg`, `tusk-archive`, …) are implementation details whose APIs may change.
#![warn(missing_docs)]

/// Reading and writing pg_dump directory archives, and their `pg_restore -l` listing.
pub mod archive {
    pub use tusk_archive::listing;
    pub use tusk_archive::{
        Algorithm, Archive, ArchiveVersion, Error, Header, HeaderCompression, Section, Toc,
        TocEntry,
    };
}
