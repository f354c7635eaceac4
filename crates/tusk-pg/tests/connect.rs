//! The connection layer against real servers: settings resolution and parsing (with
//! proptests), `.pgpass`, connecting and its errors, and every sslmode against servers with
//! and without TLS.
//!
//! Every test resolves its settings in an injected environment (`support::TestEnv`) with an
//! empty home directory, so neither the machine's `PG*` variables nor root's `~/.pgpass` and
//! `~/.postgresql/` can change the outcome.

#[path = "connect/parse.rs"]
mod parse;
#[path = "connect/pgpass.rs"]
mod pgpass;
#[path = "connect/session.rs"]
mod session;
#[path = "connect/settings.rs"]
mod settings;
#[path = "connect/support.rs"]
mod support;
#[path = "connect/tls.rs"]
mod tls;
