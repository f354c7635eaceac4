//! Connections to PostgreSQL the way libpq makes them, and SQL quoting.
//!
//! - Connections: [`ConnInfo`] parses `postgres://` URIs and `key=value` conninfo strings;
//!   [`ConnectionSettings::resolve`] layers them over the `PG*` environment and libpq's
//!   defaults, finds the password (`.pgpass`) and builds the TLS configuration once;
//!   [`connect`] opens a [`Session`] with libpq's meaning of every [`SslMode`], including
//!   `verify-ca` and `verify-full`, which tokio-postgres alone does not offer.
//! - Quoting: [`quote`] is the one place where identifiers and literals become SQL text, with
//!   each server major's keyword list.
//!
//! Invariant: a [`Password`] never appears in `Debug`/`Display` output, errors or logs.
#![warn(missing_docs)]

// --- connections (settings, .pgpass, TLS, connect) ---
// Parse a connection string into `ConnInfo`, resolve it against the environment into
// `ConnectionSettings` (cheap to clone, TLS configured once), then `connect` gives a `Session`.
mod connect;
mod conninfo;
mod error;
mod password;
mod pgpass;
mod settings;
mod tls;
pub use connect::{CancelHandle, Endpoint, Server, Session, connect};
pub use conninfo::{ConnInfo, Keyword, is_connection_string, quote_conninfo_value};
pub use error::{ConnectError, SettingsError};
pub use password::Password;
pub use settings::{
    ConnectionSettings, DEFAULT_APPLICATION_NAME, DEFAULT_PORT, Environment, ProcessEnvironment,
    SslMode, Target, default_socket_dir,
};
pub use tokio_postgres::error::SqlState;

// --- quoting (identifiers, literals, the server's keyword list) ---
mod keywords;
pub mod quote;
pub use quote::{quote_dollar, quote_ident, quote_literal, quote_qualified};
