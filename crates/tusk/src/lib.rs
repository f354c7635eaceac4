//! tusk as a library: native PostgreSQL dump and restore with archives in pg_dump's directory
//! format. So far it connects (libpq-compatible settings and TLS) and reads and writes
//! archives; the dump and restore engines are being built.
//!
//! This facade re-exports the parts of the engine crates that embedders use; the crates behind
//! it (`tusk-pg`, `tusk-archive`, …) are implementation details whose APIs may change.
#![warn(missing_docs)]

/// Connecting to PostgreSQL the way libpq does (URIs, conninfo, `PG*` variables, `.pgpass`,
/// every `sslmode`), and quoting SQL identifiers and literals.
pub mod pg {
    pub use tusk_pg::quote;
    pub use tusk_pg::{
        ConnInfo, ConnectError, ConnectionSettings, Environment, Password, ProcessEnvironment,
        Session, SettingsError, SslMode, connect,
    };
}

/// Reading and writing pg_dump directory archives, and their `pg_restore -l` listing.
pub mod archive {
    pub use tusk_archive::listing;
    pub use tusk_archive::{
        Algorithm, Archive, ArchiveVersion, ArchiveWriter, Compression, DataReader, DataWriter,
        Error, Header, HeaderCompression, Section, Toc, TocEntry, WriterOptions,
    };
}
