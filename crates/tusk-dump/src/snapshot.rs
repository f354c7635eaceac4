//! The snapshot leader and the worker sessions: pg_dump's session settings, the exported
//! (or imported) snapshot, and the table locks.

use std::time::Duration;

use tusk_pg::quote::{quote_literal, quote_qualified};
use tusk_pg::{ConnectionSettings, Session};

use crate::error::{DumpError, Role, leader_lock_error, worker_lock_error};

/// pg_dump's session settings (`setup_connection` in pg_dump.c), sent on every connection
/// before its transaction starts.
///
/// `client_encoding` is left as tokio-postgres sets it at startup: UTF8. The archive's
/// ENCODING entry must therefore say `UTF8`, and the COPY text is UTF-8 whatever the database
/// encoding (the server converts). `row_security` is off, as in pg_dump without
/// `--enable-row-security`: a table whose policies would hide rows makes COPY fail instead of
/// silently dumping part of it. `transaction_timeout` (17+) is not set (this crate's test
/// servers are 15); `restrict_nonsystem_relation_kind` is not set either.
pub const SESSION_SETTINGS: &str = "SELECT pg_catalog.set_config('search_path', '', false);\n\
     SET DATESTYLE = ISO;\n\
     SET INTERVALSTYLE = POSTGRES;\n\
     SET extra_float_digits TO 3;\n\
     SET synchronize_seqscans TO off;\n\
     SET statement_timeout = 0;\n\
     SET lock_timeout = 0;\n\
     SET idle_in_transaction_session_timeout = 0;\n\
     SET row_security = off;\n";

/// The start of every dump transaction (pg_dump without `--serializable-deferrable`).
const BEGIN: &str = "BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY";

/// `LOCK TABLE` statements are batched up to about this many bytes of SQL (as pg_dump 18).
const LOCK_BATCH_BYTES: usize = 100_000;

/// Runs one statement (or a batch) and labels a failure.
async fn run(
    session: &Session,
    role: Role,
    action: &'static str,
    sql: &str,
) -> Result<(), DumpError> {
    session.batch_execute(sql).await.map_err(|source| DumpError::Session { role, action, source })
}

/// Connects and applies [`SESSION_SETTINGS`]; returns the session and the server's
/// `server_version_num`.
async fn open_session(
    settings: &ConnectionSettings,
    role: Role,
) -> Result<(Session, u32), DumpError> {
    let session = tusk_pg::connect(settings)
        .await
        .map_err(|source| DumpError::Connect { role, source: Box::new(source) })?;
    run(&session, role, "apply the session settings", SESSION_SETTINGS).await?;
    let row = session
        .query_one("SELECT pg_catalog.current_setting('server_version_num')", &[])
        .await
        .map_err(|source| DumpError::Session { role, action: "read the server version", source })?;
    let value: String = row.try_get(0).map_err(|source| DumpError::Session {
        role,
        action: "read the server version",
        source,
    })?;
    let version = value
        .trim()
        .parse::<u32>()
        .map_err(|_| DumpError::ServerVersion { value: value.clone() })?;
    Ok((session, version))
}

/// Starts the repeatable-read, read-only transaction and imports `snapshot` into it.
async fn import_snapshot(session: &Session, role: Role, snapshot: &str) -> Result<(), DumpError> {
    run(session, role, "begin the dump transaction", BEGIN).await?;
    let sql = format!("SET TRANSACTION SNAPSHOT {}", quote_literal(snapshot));
    session.batch_execute(&sql).await.map_err(|source| DumpError::SnapshotImport {
        role,
        snapshot: snapshot.to_owned(),
        source,
    })
}

/// The snapshot leader: the first connection of a dump.
///
/// It applies pg_dump's session settings, opens a `REPEATABLE READ, READ ONLY` transaction and
/// exports its snapshot with `pg_export_snapshot()` (or imports a given one, like pg_dump's
/// `--snapshot`), and takes `ACCESS SHARE` locks on the tables to dump
/// ([`lock_tables`](Self::lock_tables)). Its transaction, and with it the snapshot and the
/// locks, stays open until [`finish`](Self::finish): keep the leader alive until every worker
/// is done. The catalog is meant to be read through [`session`](Self::session), inside the
/// same snapshot.
#[derive(Debug)]
pub struct Leader {
    session: Session,
    settings: ConnectionSettings,
    snapshot_id: String,
    server_version_num: u32,
}

impl Leader {
    /// Connects, applies the session settings, begins the dump transaction and exports its
    /// snapshot, or imports `snapshot` if given (its exporter must stay open meanwhile).
    pub async fn start(
        settings: &ConnectionSettings,
        snapshot: Option<&str>,
    ) -> Result<Self, DumpError> {
        let role = Role::Leader;
        let (session, server_version_num) = open_session(settings, role).await?;
        let snapshot_id = match snapshot {
            Some(id) => {
                import_snapshot(&session, role, id).await?;
                id.to_owned()
            }
            None => {
                run(&session, role, "begin the dump transaction", BEGIN).await?;
                let row = session
                    .query_one("SELECT pg_catalog.pg_export_snapshot()", &[])
                    .await
                    .map_err(|source| DumpError::Session {
                        role,
                        action: "export the snapshot",
                        source,
                    })?;
                row.try_get::<_, String>(0).map_err(|source| DumpError::Session {
                    role,
                    action: "export the snapshot",
                    source,
                })?
            }
        };
        tracing::info!(snapshot = %snapshot_id, server_version_num, "snapshot ready");
        Ok(Self { session, settings: settings.clone(), snapshot_id, server_version_num })
    }

    /// The snapshot id the workers import.
    pub fn snapshot_id(&self) -> &str {
        &self.snapshot_id
    }

    /// The server's `server_version_num` (e.g. 150018).
    pub fn server_version_num(&self) -> u32 {
        self.server_version_num
    }

    /// The leader's session, inside the dump transaction (for catalog queries).
    pub fn session(&self) -> &Session {
        &self.session
    }

    /// The connection settings, which the workers use too.
    pub fn settings(&self) -> &ConnectionSettings {
        &self.settings
    }

    /// Takes `LOCK TABLE a, b, … IN ACCESS SHARE MODE` on `tables` (schema, name), in batches
    /// of at most about 100 kB of SQL. With `wait_timeout`, each batch may wait that long
    /// (`SET statement_timeout` around the locks, reset to 0 afterwards, as pg_dump's
    /// `--lock-wait-timeout`).
    ///
    /// When a batch fails, the tables of that batch are locked one by one (each in a
    /// savepoint) to find the one at fault, and the error names it:
    /// [`DumpError::TableMissing`] (dropped), [`DumpError::LockTimeout`], or
    /// [`DumpError::Lock`]. The locks stay until [`finish`](Self::finish).
    pub async fn lock_tables<'a>(
        &self,
        tables: impl IntoIterator<Item = (&'a str, &'a str)>,
        wait_timeout: Option<Duration>,
    ) -> Result<(), DumpError> {
        let names: Vec<String> =
            tables.into_iter().map(|(schema, name)| quote_qualified(schema, name)).collect();
        if names.is_empty() {
            return Ok(());
        }
        let role = Role::Leader;
        if let Some(timeout) = wait_timeout {
            let ms = timeout.as_millis().clamp(1, i32::MAX as u128);
            run(
                &self.session,
                role,
                "set the lock wait timeout",
                &format!("SET statement_timeout = {ms}"),
            )
            .await?;
        }
        let locked = self.lock_batches(&names).await;
        if wait_timeout.is_some() {
            let reset = run(
                &self.session,
                role,
                "reset the lock wait timeout",
                "SET statement_timeout = 0",
            )
            .await;
            // The lock error, if any, is the one worth reporting.
            locked?;
            reset?;
        } else {
            locked?;
        }
        tracing::info!(tables = names.len(), "tables locked");
        Ok(())
    }

    async fn lock_batches(&self, names: &[String]) -> Result<(), DumpError> {
        let role = Role::Leader;
        let mut start = 0;
        while start < names.len() {
            let mut end = start;
            let mut sql = String::from("LOCK TABLE ");
            while end < names.len() {
                let name = &names[end];
                if end > start && sql.len() + name.len() + 30 > LOCK_BATCH_BYTES {
                    break;
                }
                if end > start {
                    sql.push_str(", ");
                }
                sql.push_str(name);
                end += 1;
            }
            sql.push_str(" IN ACCESS SHARE MODE");
            let batch = &names[start..end];
            run(&self.session, role, "set a savepoint", "SAVEPOINT tusk_lock").await?;
            match self.session.batch_execute(&sql).await {
                Ok(()) => {
                    run(&self.session, role, "release a savepoint", "RELEASE SAVEPOINT tusk_lock")
                        .await?;
                }
                Err(batch_error) => {
                    run(
                        &self.session,
                        role,
                        "roll back a savepoint",
                        "ROLLBACK TO SAVEPOINT tusk_lock",
                    )
                    .await?;
                    return Err(self.find_lock_culprit(batch, batch_error).await);
                }
            }
            start = end;
        }
        Ok(())
    }

    /// Locks the tables of a failed batch one at a time, each in a savepoint, and returns the
    /// error of the first that fails (or the batch's error, named after its first table, if
    /// none fails now).
    async fn find_lock_culprit(
        &self,
        batch: &[String],
        batch_error: tokio_postgres::Error,
    ) -> DumpError {
        let role = Role::Leader;
        for name in batch {
            if let Err(e) =
                run(&self.session, role, "set a savepoint", "SAVEPOINT tusk_lock_one").await
            {
                return e;
            }
            let sql = format!("LOCK TABLE {name} IN ACCESS SHARE MODE");
            match self.session.batch_execute(&sql).await {
                Ok(()) => {
                    if let Err(e) = run(
                        &self.session,
                        role,
                        "release a savepoint",
                        "RELEASE SAVEPOINT tusk_lock_one",
                    )
                    .await
                    {
                        return e;
                    }
                }
                Err(source) => {
                    let _ = self.session.batch_execute("ROLLBACK TO SAVEPOINT tusk_lock_one").await;
                    return leader_lock_error(name.clone(), source);
                }
            }
        }
        let first = batch.first().cloned().unwrap_or_default();
        leader_lock_error(first, batch_error)
    }

    /// Ends the dump transaction (COMMIT; it is read only), releasing the locks and the
    /// snapshot. Call it after every worker is done.
    pub async fn finish(self) -> Result<(), DumpError> {
        run(&self.session, Role::Leader, "end the dump transaction", "COMMIT").await
    }
}

/// Opens a worker session: connects, applies the session settings, begins the transaction and
/// imports `snapshot`.
pub(crate) async fn open_worker(
    settings: &ConnectionSettings,
    index: usize,
    snapshot: &str,
) -> Result<Session, DumpError> {
    let role = Role::Worker(index);
    let (session, _) = open_session(settings, role).await?;
    import_snapshot(&session, role, snapshot).await?;
    Ok(session)
}

/// A worker's `LOCK TABLE <qualified> IN ACCESS SHARE MODE NOWAIT`, taken before it dumps a
/// table: fails at once if someone queued an exclusive lock behind the leader's.
pub(crate) async fn lock_nowait(
    session: &Session,
    index: usize,
    qualified: &str,
    dump_id: i32,
) -> Result<(), DumpError> {
    let sql = format!("LOCK TABLE {qualified} IN ACCESS SHARE MODE NOWAIT");
    session.batch_execute(&sql).await.map_err(|source| {
        worker_lock_error(Role::Worker(index), qualified.to_owned(), dump_id, source)
    })
}
