//! Cluster globals, as pg_dumpall `--globals-only` knows them: roles with their attributes,
//! password hashes, comments, security labels and settings (`ALTER ROLE … SET`, also in one
//! database), role memberships (grantor, ADMIN OPTION; INHERIT and SET options from 16),
//! privileges on configuration parameters (15+) and tablespaces (owner, location, options,
//! privileges, comment). Roles named `pg_*` are left out, as pg_dumpall does.
//!
//! - [`read_globals`] reads them over one connection in one REPEATABLE READ transaction. A
//!   role that may not read `pg_authid` (not a superuser, e.g. on a managed service) reads
//!   `pg_roles` instead, without password hashes, and says so in a warning.
//! - [`render`] writes the script pg_dumpall would write for the source (pg_dumpall 15 for a
//!   13–15 server, 18 for 16+), statement for statement and in its order; [`write_dir`]
//!   writes that script (`globals.sql`) and the model (`tusk-globals.json`, serde) into a
//!   directory; [`read_dir`] reads the model back.
//! - [`apply`] restores the model into a cluster (of any major: memberships are granted in an
//!   order and form the target's version accepts) statement by statement and returns an
//!   [`ApplyReport`] listing everything it left out, with the reason.
//!
//! [`dump_globals`] and [`restore_globals`] join these for `tusk dump --globals-only` and
//! `tusk restore --globals-only`.
//!
//! **Invariant:** nothing is left out silently: an attribute the restoring role may not give,
//! a statement the server refuses for lack of privilege (SQLSTATE 42501), or anything that
//! needs a role or database the target lacks is a [`LeftOut`] of the report; any other
//! failure stops with an error naming the object. Password hashes never reach a log or an
//! error message.
#![warn(missing_docs)]

mod apply;
mod dir;
mod error;
mod model;
mod read;
mod render;
mod version;

use std::path::{Path, PathBuf};

use tusk_pg::ConnectionSettings;

pub use apply::{ApplyOptions, ApplyReport, LeftOut, Object, apply};
pub use dir::{MODEL_FILE, SCRIPT_FILE, is_globals_dir, prepare_dir, read_dir, write_dir};
pub use error::GlobalsError;
pub use model::{
    DatabaseRoleSettings, FORMAT, FORMAT_VERSION, Globals, Membership, ParameterAcl, Role,
    SecurityLabel, Tablespace,
};
pub use read::{ReadGlobals, ReadOptions, read_globals};
pub use render::{render, restrict_key};

/// Options of [`dump_globals`].
#[derive(Debug, Clone)]
pub struct DumpGlobalsOptions {
    /// Where and as whom to connect (any database of the cluster).
    pub connection: ConnectionSettings,
    /// The directory to create (an existing one must be empty).
    pub output: PathBuf,
    /// What to read.
    pub read: ReadOptions,
    /// fsync the files.
    pub sync: bool,
}

/// What [`dump_globals`] wrote.
#[derive(Debug, Clone)]
pub struct DumpGlobalsSummary {
    /// Roles dumped.
    pub roles: usize,
    /// Memberships dumped.
    pub memberships: usize,
    /// Tablespaces dumped.
    pub tablespaces: usize,
    /// The warnings of [`read_globals`].
    pub warnings: Vec<String>,
}

/// `tusk dump --globals-only`: prepares the output directory (before connecting), reads the
/// globals and writes `globals.sql` and `tusk-globals.json`.
pub async fn dump_globals(
    options: &DumpGlobalsOptions,
) -> Result<DumpGlobalsSummary, GlobalsError> {
    prepare_dir(&options.output)?;
    let session = tusk_pg::connect(&options.connection)
        .await
        .map_err(|source| GlobalsError::Connect { source: Box::new(source) })?;
    let read = read_globals(&session, &options.read).await?;
    write_dir(&options.output, &read.globals, options.sync)?;
    tracing::info!(
        roles = read.globals.roles.len(),
        memberships = read.globals.memberships.len(),
        tablespaces = read.globals.tablespaces.len(),
        "globals dumped"
    );
    Ok(DumpGlobalsSummary {
        roles: read.globals.roles.len(),
        memberships: read.globals.memberships.len(),
        tablespaces: read.globals.tablespaces.len(),
        warnings: read.warnings,
    })
}

/// `tusk restore --globals-only`: reads `input/tusk-globals.json` (before connecting) and
/// applies it to the cluster of `connection`.
pub async fn restore_globals(
    connection: &ConnectionSettings,
    input: &Path,
    options: &ApplyOptions,
) -> Result<ApplyReport, GlobalsError> {
    let globals = read_dir(input)?;
    let session = tusk_pg::connect(connection)
        .await
        .map_err(|source| GlobalsError::Connect { source: Box::new(source) })?;
    apply(&session, &globals, options).await
}
