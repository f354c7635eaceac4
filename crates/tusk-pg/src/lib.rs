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

// --- quoting (identifiers, literals, the server's keyword list) ---
mod keywords;
pub mod quote;
pub use quote::{quote_ident, quote_literal, quote_qualified};
