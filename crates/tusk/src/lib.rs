//! tusk as a library: native PostgreSQL dump and restore with archives in pg_dump's directory
//! format. It connects (libpq-compatible settings and TLS), reads and writes archives, and
//! dumps databases ([`dump::dump_database`]), restores archives
//! ([`restore::restore_archive`]), clones databases without an archive
//! ([`clone::clone_database`]), and dumps and restores a cluster's globals (roles,
//! memberships, role settings, tablespaces: [`globals::dump_globals`],
//! [`globals::restore_globals`]), and whole clusters ([`cluster::dump_all`],
//! [`cluster::restore_all`]).
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

/// `tusk dump`: a database into a directory archive, as `pg_dump -Fd` does, with parallel COPY
/// on one snapshot.
pub mod dump {
    pub use tusk_catalog::NotCovered;
    pub use tusk_dump::{
        DumpDatabaseOptions, DumpError, DumpSummary, Progress, ProgressEvent, Selection,
        dump_database, dump_version,
    };
}

/// `tusk restore`: an archive into a database, as `pg_restore -d` does, with each table's
/// indexes built as soon as its data is in, and ANALYZE.
pub mod restore {
    pub use tusk_archive::listing::{Selection, UseList};
    pub use tusk_restore::{
        DEFAULT_MAINTENANCE_WORK_MEM, EntryRef, Failure, Progress, ProgressEvent, RestoreError,
        RestoreOptions, RestoreSummary, restore_archive,
    };
}

/// `tusk clone`: a database into another with no archive in between, through the dump and
/// restore engines.
pub mod clone {
    pub use tusk_clone::{CloneError, CloneOptions, LiveSource, clone_database};
    pub use tusk_dump::{PrepareOptions, PreparedDump, prepare_dump};
}

/// `tusk dump --globals-only` and `tusk restore --globals-only`: a cluster's roles,
/// memberships, role settings, privileges on parameters and tablespaces, read as pg_dumpall
/// reads them, written as its `--globals-only` script plus a model, and applied with a report
/// of everything left out.
pub mod globals {
    pub use tusk_globals::{
        ApplyOptions, ApplyReport, DumpGlobalsOptions, DumpGlobalsSummary, Globals, GlobalsError,
        LeftOut, MODEL_FILE, Object, ReadGlobals, ReadOptions, SCRIPT_FILE, apply, dump_globals,
        is_globals_dir, prepare_dir, read_dir, read_globals, render, restore_globals, restrict_key,
        write_dir,
    };
}

/// `tusk dump --all` and `tusk restore --all`: a cluster's globals plus one archive per
/// database in one folder (`tusk-all.json` written last), dumped and restored sharing one
/// `--jobs` budget, with a report per database.
pub mod cluster {
    pub use tusk_cluster::budget::SESSION_BYTES;
    pub use tusk_cluster::{
        ALL_FILE, AllManifest, ClusterError, DatabaseEntry, DatabaseOutcome, DatabaseReport,
        DatabaseStatus, DumpAllOptions, DumpAllSummary, EXISTING_DATABASES, RestoreAllOptions,
        RestoreAllReport, dump_all, is_all_dir, read_manifest, restore_all,
    };
}
