//! A session of the restore: a connection with the restore's settings and the per-session
//! state pg_restore tracks (current tablespace and table access method).

use tusk_archive::{Toc, TocEntry};
use tusk_pg::{ConnectionSettings, Session};

use crate::error::RestoreError;
use crate::options::RestoreOptions;
use crate::statements::{session_setup, table_am_statement, tablespace_statement, worker_setup};

/// One connection to the target.
pub(crate) struct Conn {
    session: Session,
    tablespace: Option<String>,
    table_am: Option<String>,
}

impl Conn {
    /// Connects with `settings` and applies the restore's session settings (and the worker
    /// settings: no synchronous commit, maintenance memory, … for every session, since every
    /// session may load data or build an index).
    pub(crate) async fn open(
        settings: &ConnectionSettings,
        toc: &Toc,
        options: &RestoreOptions,
    ) -> Result<Self, RestoreError> {
        let session = tusk_pg::connect(settings).await.map_err(|source| RestoreError::Connect {
            database: settings.dbname().to_owned(),
            source: Box::new(source),
        })?;
        let setup = format!("{}{}", session_setup(toc, options), worker_setup(options));
        session
            .batch_execute(&setup)
            .await
            .map_err(|e| RestoreError::session("could not set up the restore session", e))?;
        Ok(Self { session, tablespace: None, table_am: None })
    }

    /// Replaces the connection with a new one set up the same way (after tokio-postgres
    /// lost step with the server).
    pub(crate) async fn reconnect(
        &mut self,
        settings: &ConnectionSettings,
        toc: &Toc,
        options: &RestoreOptions,
    ) -> Result<(), RestoreError> {
        *self = Self::open(settings, toc, options).await?;
        Ok(())
    }

    /// The client.
    pub(crate) fn client(&self) -> &tokio_postgres::Client {
        &self.session
    }

    /// The statements that put this session in `entry`'s tablespace and table access method
    /// (none if already there), and records them as current. `--no-tablespaces` leaves the
    /// tablespace alone.
    pub(crate) fn placement_for(&mut self, entry: &TocEntry, no_tablespaces: bool) -> Vec<String> {
        let mut out = Vec::new();
        if !no_tablespaces
            && let Some(sql) = tablespace_statement(entry, self.tablespace.as_deref())
        {
            out.push(sql);
            self.tablespace.clone_from(&entry.tablespace);
        }
        if let Some(sql) = table_am_statement(entry, self.table_am.as_deref()) {
            out.push(sql);
            self.table_am.clone_from(&entry.tableam);
        }
        out
    }

    /// Forgets the current placement (after a failed statement that might have changed it).
    pub(crate) fn forget_placement(&mut self) {
        self.tablespace = None;
        self.table_am = None;
    }
}
