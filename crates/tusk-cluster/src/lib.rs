//! Whole-cluster dumps and restores: `tusk dump --all` and `tusk restore --all`.
//!
//! A `--all` folder holds:
//!
//! - `globals/`: the cluster's roles, memberships, role settings, privileges on parameters and
//!   tablespaces, in tusk-globals' directory form (`globals.sql`, pg_dumpall's script, and
//!   `tusk-globals.json`);
//! - `databases/<oid>/`: one tusk directory archive per dumped database, made by
//!   [`tusk_dump::dump_database`] (the code path of `tusk dump`, so each has its DATABASE
//!   entries for `-C`, and stock `pg_restore` reads it);
//! - `tusk-all.json` ([`AllManifest`]): every database of the source but template0 with its
//!   OID, name, archive, status and counts, written **last** through a temporary name. A
//!   folder without it is an interrupted or failed dump and is refused by [`restore_all`].
//!
//! [`dump_all`] and [`restore_all`] share the `--jobs` budget between the databases as
//! [`budget`] describes: never more than `jobs` sessions at once across all databases.
//! Databases are dumped as pg_dumpall does: template0 and databases that do not allow
//! connections are left out, template1 comes first; `postgres` and `template1` are restored
//! into the target's own (which every cluster has), every other database is created with its
//! encoding, locale and properties.
#![warn(missing_docs)]

pub mod budget;
mod dump;
mod error;
mod manifest;
mod restore;

pub use dump::{DumpAllOptions, DumpAllSummary, dump_all};
pub use error::ClusterError;
pub use manifest::{
    ALL_FILE, AllManifest, DATABASES_DIR, DatabaseEntry, DatabaseStatus, FORMAT, FORMAT_VERSION,
    GLOBALS_DIR, read_manifest, write_manifest,
};
pub use restore::{
    DatabaseOutcome, DatabaseReport, EXISTING_DATABASES, RestoreAllOptions, RestoreAllReport,
    restore_all,
};

/// Whether `dir` holds a complete `tusk dump --all` folder (a `tusk-all.json`).
pub fn is_all_dir(dir: &std::path::Path) -> bool {
    dir.join(ALL_FILE).is_file()
}
