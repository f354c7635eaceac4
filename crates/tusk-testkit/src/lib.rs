//! Throw-away PostgreSQL servers for tusk's tests and benchmarks.
//!
//! ```no_run
//! let db = tusk_testkit::Cluster::shared().create_database();
//! db.psql("CREATE TABLE t (id int)");
//! ```
//!
//! - [`Installation`] finds server binaries (one bindir per major version, several side by
//!   side).
//! - [`Cluster`] starts a private cluster from one, as an unprivileged user when run as root,
//!   and removes it again; [`Cluster::shared`] is the one cluster of a test process, and
//!   [`Cluster::create_database`] gives each test a fresh database.
//!
//! This crate is a dev-dependency only. It is the one library crate allowed to start other
//! programs (`initdb`, `pg_ctl`, `psql`, `pg_dump`, `pg_restore`).
#![warn(missing_docs)]

mod cluster;
mod fixtures;
mod install;
mod process;

pub use cluster::{
    Cluster, ClusterBuilder, DEFAULT_HBA, SUPERUSER, SUPERUSER_PASSWORD, TestDatabase,
    run_with_stdin,
};
pub use fixtures::{fixture, fixtures_dir};
pub use install::{INSTALL_HINT, Installation, cache_dir};
pub use process::command;
