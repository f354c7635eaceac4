//! Reading the catalog: one query per object kind, whatever the number of tables.
//!
//! Each query is a `.sql` file under `src/sql/` (loaded with `include_str!`) whose header
//! names the oldest server it runs on and what it returns. Version differences are separate
//! small files (`columns_13.sql`/`columns_14.sql` for `attcompression`,
//! `indexes_13.sql`/`indexes_15.sql` for `indnullsnotdistinct`); everything else runs on
//! 13–18 unchanged. Per-relation queries take the OIDs of all relations at once
//! (`= ANY($1::oid[])`), so the count of round trips is fixed. The one exception is the
//! current value of sequences, which is only readable from each sequence itself: it is read
//! with one `UNION ALL` statement per [`SEQUENCE_BATCH`] sequences.
//!
//! Everything runs on the caller's connection inside the caller's transaction (the dump
//! leader's REPEATABLE READ snapshot). `server.sql` sets `search_path` to `''` for the rest
//! of that transaction (`set_config(…, true)`), as pg_dump does for its session, so that
//! deparsed SQL (format_type, pg_get_expr, pg_get_indexdef, …) qualifies every name.

use std::collections::BTreeMap;

use tokio_postgres::types::{FromSql, ToSql};
use tokio_postgres::{GenericClient, Row};
use tusk_pg::quote::quote_qualified;

use crate::error::{Error, Result};
use crate::model::{
    AttrDef, Catalog, CheckConstraint, Column, Comment, Depend, Extension, ForeignKey, Index,
    IndexConstraint, NotCovered, ObjectId, RelKind, Schema, SequenceInfo, Table,
};

/// How many sequences one `SEQUENCE SET` value query reads.
pub const SEQUENCE_BATCH: usize = 500;

/// What to read.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReadOptions {
    /// Only these schemas (and the objects in them); `None` for every non-system schema.
    pub schemas: Option<Vec<String>>,
}

struct Query {
    name: &'static str,
    sql: &'static str,
}

macro_rules! query {
    ($file:literal) => {
        Query { name: $file, sql: include_str!(concat!("sql/", $file)) }
    };
}

const SERVER: Query = query!("server.sql");
const SCHEMAS: Query = query!("schemas.sql");
const EXTENSIONS: Query = query!("extensions.sql");
const EXTENSION_MEMBERS: Query = query!("extension_members.sql");
const TABLES: Query = query!("tables.sql");
const INHERITS: Query = query!("inherits.sql");
const COLUMNS_13: Query = query!("columns_13.sql");
const COLUMNS_14: Query = query!("columns_14.sql");
const ATTRDEFS: Query = query!("attrdefs.sql");
const CHECKS: Query = query!("check_constraints.sql");
const FKS: Query = query!("fk_constraints.sql");
const INDEXES_13: Query = query!("indexes_13.sql");
const INDEXES_15: Query = query!("indexes_15.sql");
const SEQUENCES: Query = query!("sequences.sql");
const COMMENTS: Query = query!("comments.sql");
const DEPEND: Query = query!("depend.sql");
const NOT_COVERED: Query = query!("not_covered.sql");
const SEQUENCE_VALUES: &str = "sequence values";

async fn run<C: GenericClient>(
    client: &C,
    q: &Query,
    params: &[&(dyn ToSql + Sync)],
) -> Result<Vec<Row>> {
    tracing::debug!(query = q.name, "reading catalog");
    client.query(q.sql, params).await.map_err(|source| Error::Query { query: q.name, source })
}

fn get<'a, T: FromSql<'a>>(row: &'a Row, query: &'static str, column: &'static str) -> Result<T> {
    row.try_get(column).map_err(|source| Error::Column { query, column, source })
}

fn char_of(text: &str) -> Option<char> {
    text.chars().next()
}

/// Reads everything this crate models through `client` (a connection or a transaction), inside
/// the caller's transaction. Servers 13 to 18.
pub async fn read_catalog<C: GenericClient>(client: &C, options: &ReadOptions) -> Result<Catalog> {
    let rows = run(client, &SERVER, &[]).await?;
    let version: i32 = match rows.first() {
        Some(row) => get(row, SERVER.name, "server_version_num")?,
        None => 0,
    };
    if !(130_000..190_000).contains(&version) {
        return Err(Error::UnsupportedServer { version });
    }
    let schemas_param: Option<Vec<String>> = options.schemas.clone();
    let sp: &(dyn ToSql + Sync) = &schemas_param;

    let mut catalog = Catalog { server_version_num: version, ..Catalog::default() };

    for row in run(client, &SCHEMAS, &[sp]).await? {
        let n = SCHEMAS.name;
        catalog.schemas.push(Schema {
            oid: get(&row, n, "oid")?,
            name: get(&row, n, "name")?,
            owner: get(&row, n, "owner")?,
            owned_by_db_owner: get(&row, n, "owned_by_db_owner")?,
        });
    }
    for row in run(client, &EXTENSIONS, &[sp]).await? {
        let n = EXTENSIONS.name;
        catalog.extensions.push(Extension {
            oid: get(&row, n, "oid")?,
            name: get(&row, n, "name")?,
            schema: get(&row, n, "schema")?,
        });
    }
    for row in run(client, &EXTENSION_MEMBERS, &[]).await? {
        let n = EXTENSION_MEMBERS.name;
        catalog.extension_members.push((
            ObjectId::new(get(&row, n, "classid")?, get(&row, n, "objid")?),
            get(&row, n, "extension")?,
        ));
    }

    read_tables(client, &mut catalog, sp).await?;

    for row in run(client, &COMMENTS, &[]).await? {
        let n = COMMENTS.name;
        catalog.comments.push(Comment {
            object: ObjectId::new(get(&row, n, "classoid")?, get(&row, n, "objoid")?),
            subid: get(&row, n, "objsubid")?,
            text: get(&row, n, "description")?,
        });
    }
    for row in run(client, &DEPEND, &[]).await? {
        let n = DEPEND.name;
        let deptype: String = get(&row, n, "deptype")?;
        catalog.depends.push(Depend {
            object: ObjectId::new(get(&row, n, "classid")?, get(&row, n, "objid")?),
            referenced: ObjectId::new(get(&row, n, "refclassid")?, get(&row, n, "refobjid")?),
            deptype: char_of(&deptype).unwrap_or('n'),
        });
    }
    for row in run(client, &NOT_COVERED, &[sp]).await? {
        let n = NOT_COVERED.name;
        catalog.not_covered.push(NotCovered {
            kind: get(&row, n, "kind")?,
            schema: get(&row, n, "schema")?,
            name: get(&row, n, "name")?,
        });
    }
    Ok(catalog)
}

async fn read_tables<C: GenericClient>(
    client: &C,
    catalog: &mut Catalog,
    sp: &(dyn ToSql + Sync),
) -> Result<()> {
    let version = catalog.server_version_num;
    let n = TABLES.name;
    for row in run(client, &TABLES, &[sp]).await? {
        let relkind: String = get(&row, n, "relkind")?;
        let kind = match relkind.as_str() {
            "p" => RelKind::PartitionedTable,
            "S" => RelKind::Sequence,
            _ => RelKind::Table,
        };
        let persistence: String = get(&row, n, "persistence")?;
        let replident: String = get(&row, n, "replica_identity")?;
        let owning_table: Option<u32> = get(&row, n, "owning_table")?;
        let owning_column: Option<i32> = get(&row, n, "owning_column")?;
        catalog.tables.push(Table {
            oid: get(&row, n, "oid")?,
            schema: get(&row, n, "schema")?,
            name: get(&row, n, "name")?,
            owner: get(&row, n, "owner")?,
            kind,
            persistence: char_of(&persistence).unwrap_or('p'),
            reloptions: get(&row, n, "reloptions")?,
            toast_reloptions: get(&row, n, "toast_reloptions")?,
            tablespace: get(&row, n, "tablespace")?,
            access_method: get(&row, n, "access_method")?,
            is_partition: get(&row, n, "is_partition")?,
            partition_bound: get(&row, n, "partition_bound")?,
            partition_key: get(&row, n, "partition_key")?,
            replica_identity: char_of(&replident).unwrap_or('d'),
            force_rls: get(&row, n, "force_rls")?,
            of_type: get(&row, n, "of_type")?,
            parents: Vec::new(),
            columns: Vec::new(),
            owned_by: match (owning_table, owning_column) {
                (Some(t), Some(c)) => Some((t, i16::try_from(c).unwrap_or(0))),
                _ => None,
            },
            is_identity_sequence: get(&row, n, "is_identity")?,
            sequence: None,
        });
    }
    let oids: Vec<u32> = catalog.tables.iter().map(|t| t.oid).collect();
    let position: BTreeMap<u32, usize> =
        catalog.tables.iter().enumerate().map(|(i, t)| (t.oid, i)).collect();
    let op: &(dyn ToSql + Sync) = &oids;

    let n = INHERITS.name;
    for row in run(client, &INHERITS, &[op]).await? {
        let child: u32 = get(&row, n, "child")?;
        let parent: u32 = get(&row, n, "parent")?;
        if let Some(&i) = position.get(&child) {
            catalog.tables[i].parents.push(parent);
        }
    }

    let columns = if version >= 140_000 { &COLUMNS_14 } else { &COLUMNS_13 };
    let n = columns.name;
    for row in run(client, columns, &[op]).await? {
        let relid: u32 = get(&row, n, "relid")?;
        let Some(&i) = position.get(&relid) else { continue };
        let identity: String = get(&row, n, "identity")?;
        let generated: String = get(&row, n, "generated")?;
        let storage: String = get(&row, n, "storage")?;
        let type_storage: String = get(&row, n, "type_storage")?;
        let compression: String = get(&row, n, "compression")?;
        let coll_schema: Option<String> = get(&row, n, "collation_schema")?;
        let coll_name: Option<String> = get(&row, n, "collation_name")?;
        catalog.tables[i].columns.push(Column {
            attnum: get(&row, n, "attnum")?,
            name: get(&row, n, "name")?,
            type_name: get(&row, n, "type_name")?,
            not_null: get(&row, n, "not_null")?,
            dropped: get(&row, n, "dropped")?,
            is_local: get(&row, n, "is_local")?,
            identity: char_of(&identity),
            generated: char_of(&generated),
            stat_target: get(&row, n, "stat_target")?,
            storage: char_of(&storage).unwrap_or('p'),
            type_storage: char_of(&type_storage).unwrap_or('p'),
            compression: char_of(&compression),
            options: get(&row, n, "options")?,
            collation: coll_schema.zip(coll_name),
        });
    }

    let n = ATTRDEFS.name;
    for row in run(client, &ATTRDEFS, &[op]).await? {
        catalog.attrdefs.push(AttrDef {
            oid: get(&row, n, "oid")?,
            table: get(&row, n, "relid")?,
            attnum: get(&row, n, "attnum")?,
            expr: get(&row, n, "expr")?,
        });
    }
    let n = CHECKS.name;
    for row in run(client, &CHECKS, &[op]).await? {
        catalog.checks.push(CheckConstraint {
            oid: get(&row, n, "oid")?,
            table: get(&row, n, "relid")?,
            name: get(&row, n, "name")?,
            definition: get(&row, n, "definition")?,
            is_local: get(&row, n, "is_local")?,
            validated: get(&row, n, "validated")?,
        });
    }
    let n = FKS.name;
    for row in run(client, &FKS, &[op]).await? {
        catalog.foreign_keys.push(ForeignKey {
            oid: get(&row, n, "oid")?,
            table: get(&row, n, "relid")?,
            name: get(&row, n, "name")?,
            definition: get(&row, n, "definition")?,
        });
    }
    let indexes = if version >= 150_000 { &INDEXES_15 } else { &INDEXES_13 };
    let n = indexes.name;
    for row in run(client, indexes, &[op]).await? {
        let constraint_oid: Option<u32> = get(&row, n, "constraint_oid")?;
        let constraint = match constraint_oid {
            Some(oid) => {
                let kind: String = get(&row, n, "constraint_kind")?;
                Some(IndexConstraint {
                    oid,
                    kind: char_of(&kind).unwrap_or('u'),
                    name: get(&row, n, "constraint_name")?,
                    deferrable: get(&row, n, "deferrable")?,
                    deferred: get(&row, n, "deferred")?,
                    definition: get(&row, n, "constraint_def")?,
                })
            }
            None => None,
        };
        let parent: u32 = get(&row, n, "parent_index")?;
        let key_count: i32 = get(&row, n, "key_count")?;
        let stat_columns: Vec<i32> = get(&row, n, "stat_columns")?;
        let stat_values: Vec<i32> = get(&row, n, "stat_values")?;
        catalog.indexes.push(Index {
            oid: get(&row, n, "oid")?,
            table: get(&row, n, "relid")?,
            name: get(&row, n, "name")?,
            definition: get(&row, n, "definition")?,
            keys: get(&row, n, "keys")?,
            key_count: usize::try_from(key_count).unwrap_or(0),
            clustered: get(&row, n, "clustered")?,
            replident: get(&row, n, "replident")?,
            nulls_not_distinct: get(&row, n, "nulls_not_distinct")?,
            tablespace: get(&row, n, "tablespace")?,
            reloptions: get(&row, n, "reloptions")?,
            parent: (parent != 0).then_some(parent),
            stat_targets: stat_columns.into_iter().zip(stat_values).collect(),
            constraint,
        });
    }

    let seq_oids: Vec<u32> =
        catalog.tables.iter().filter(|t| t.kind == RelKind::Sequence).map(|t| t.oid).collect();
    if seq_oids.is_empty() {
        return Ok(());
    }
    let sop: &(dyn ToSql + Sync) = &seq_oids;
    let n = SEQUENCES.name;
    for row in run(client, &SEQUENCES, &[sop]).await? {
        let relid: u32 = get(&row, n, "relid")?;
        let Some(&i) = position.get(&relid) else { continue };
        catalog.tables[i].sequence = Some(SequenceInfo {
            type_name: get(&row, n, "type_name")?,
            start: get(&row, n, "start")?,
            increment: get(&row, n, "increment")?,
            max: get(&row, n, "max")?,
            min: get(&row, n, "min")?,
            cache: get(&row, n, "cache")?,
            cycle: get(&row, n, "cycle")?,
            last_value: String::new(),
            is_called: false,
        });
    }
    // Current values: one statement per batch of sequences.
    let seq_positions: Vec<usize> =
        seq_oids.iter().filter_map(|o| position.get(o).copied()).collect();
    for batch in seq_positions.chunks(SEQUENCE_BATCH) {
        let mut sql = String::new();
        for (k, &i) in batch.iter().enumerate() {
            let t = &catalog.tables[i];
            if k > 0 {
                sql.push_str("\nUNION ALL\n");
            }
            sql.push_str(&format!(
                "SELECT {}::pg_catalog.oid AS relid, last_value::text AS last_value, is_called FROM {}",
                t.oid,
                quote_qualified(&t.schema, &t.name)
            ));
        }
        let rows = client
            .query(sql.as_str(), &[])
            .await
            .map_err(|source| Error::Query { query: SEQUENCE_VALUES, source })?;
        for row in rows {
            let relid: u32 = get(&row, SEQUENCE_VALUES, "relid")?;
            let Some(&i) = position.get(&relid) else { continue };
            if let Some(seq) = catalog.tables[i].sequence.as_mut() {
                seq.last_value = get(&row, SEQUENCE_VALUES, "last_value")?;
                seq.is_called = get(&row, SEQUENCE_VALUES, "is_called")?;
            }
        }
    }
    Ok(())
}
