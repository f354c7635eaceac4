//! Sessions of the demo's own queries, with fixed output settings.

use tusk::pg::{ConnectionSettings, Session};

use crate::error::DemoError;

/// Settings that make the text of values and deparsed SQL independent of the server's
/// defaults: every name qualified, ISO dates, floats that round-trip.
const SESSION_SETTINGS: &str = "SELECT pg_catalog.set_config('search_path', '', false);
    SET datestyle = ISO; SET intervalstyle = postgres; SET extra_float_digits = 3;
    SET timezone = 'UTC'; SET statement_timeout = 0; SET row_security = off;";

/// Connects to the database of `settings` and applies the demo's session settings.
pub(crate) async fn open(settings: &ConnectionSettings) -> Result<Session, DemoError> {
    let session = tusk::pg::connect(settings).await.map_err(|source| DemoError::Connect {
        database: settings.dbname().to_owned(),
        source: Box::new(source),
    })?;
    session.run("apply the session settings", SESSION_SETTINGS).await?;
    Ok(session)
}

/// Running a batch of statements with the action named in the error.
pub(crate) trait Sql {
    /// Runs `sql` (one or more statements, no results).
    async fn run(&self, action: &str, sql: &str) -> Result<(), DemoError>;
}

impl Sql for Session {
    async fn run(&self, action: &str, sql: &str) -> Result<(), DemoError> {
        self.batch_execute(sql).await.map_err(|source| DemoError::sql(action, source))
    }
}
