//! Reading the catalog: one query per object kind, whatever the number of tables.
//!
//! Each query is a `.sql` file under `src/sql/` (loaded with `include_str!`) whose header
//! names the oldest server it runs on and what it returns. Version differences are separate
//! small files (`columns_13.sql`/`columns_14.sql` for `attcompression`,
//! `ranges_13.sql`/`ranges_14.sql` for multirange types,
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
use tusk_pg::quote::{quote_literal, quote_qualified};

use crate::error::{Error, Result};
use crate::model::{
    Acl, Aggregate, AttrDef, Catalog, CheckConstraint, Column, Comment, CompositeAttribute,
    DefaultAcl, Depend, DomainCheck, Extension, ForeignKey, Function, Index, IndexConstraint,
    NotCovered, ObjectId, Policy, RangeInfo, RelKind, Rule, Schema, SequenceInfo, Table, Trigger,
    Type, TypeKind, ViewRule,
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
const TYPES: Query = query!("types.sql");
const DOMAIN_CHECKS: Query = query!("domain_checks.sql");
const COMPOSITE_ATTRIBUTES: Query = query!("composite_attributes.sql");
const RANGES_13: Query = query!("ranges_13.sql");
const RANGES_14: Query = query!("ranges_14.sql");
const FUNCTIONS_13: Query = query!("functions_13.sql");
const FUNCTIONS_14: Query = query!("functions_14.sql");
const AGGREGATES: Query = query!("aggregates.sql");
const TABLES: Query = query!("tables.sql");
const VIEW_RULES: Query = query!("view_rules.sql");
const MATVIEW_REFRESH_DEPS: Query = query!("matview_refresh_deps.sql");
const RULES: Query = query!("rules.sql");
const TRIGGERS_13: Query = query!("triggers_13.sql");
const TRIGGERS_15: Query = query!("triggers_15.sql");
const POLICIES: Query = query!("policies.sql");
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
const ACLS: Query = query!("acls.sql");
const DEFAULT_ACLS: Query = query!("default_acls.sql");
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

    read_types(client, &mut catalog, sp).await?;
    read_functions(client, &mut catalog, sp).await?;
    read_aggregates(client, &mut catalog, sp).await?;
    read_tables(client, &mut catalog, sp).await?;

    for row in run(client, &COMMENTS, &[]).await? {
        let n = COMMENTS.name;
        catalog.comments.push(Comment {
            object: ObjectId::new(get(&row, n, "classoid")?, get(&row, n, "objoid")?),
            subid: get(&row, n, "objsubid")?,
            text: get(&row, n, "description")?,
        });
    }
    for row in run(client, &ACLS, &[sp]).await? {
        let n = ACLS.name;
        catalog.acls.push(Acl {
            object: ObjectId::new(get(&row, n, "classid")?, get(&row, n, "objid")?),
            subid: get(&row, n, "subid")?,
            acl: get(&row, n, "acl")?,
            default: get(&row, n, "acldefault")?,
        });
    }
    for row in run(client, &DEFAULT_ACLS, &[sp]).await? {
        let n = DEFAULT_ACLS.name;
        let objtype: String = get(&row, n, "objtype")?;
        catalog.default_acls.push(DefaultAcl {
            oid: get(&row, n, "oid")?,
            role: get(&row, n, "role")?,
            schema: get(&row, n, "schema")?,
            objtype: char_of(&objtype).unwrap_or('r'),
            acl: get(&row, n, "acl")?,
            default: get(&row, n, "acldefault")?,
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

async fn read_types<C: GenericClient>(
    client: &C,
    catalog: &mut Catalog,
    sp: &(dyn ToSql + Sync),
) -> Result<()> {
    let n = TYPES.name;
    for row in run(client, &TYPES, &[sp]).await? {
        let typtype: String = get(&row, n, "typtype")?;
        let kind = match typtype.as_str() {
            "e" => TypeKind::Enum,
            "c" => TypeKind::Composite,
            "d" => TypeKind::Domain,
            _ => TypeKind::Range,
        };
        let default_expr: Option<String> = get(&row, n, "default_expr")?;
        let default_literal: Option<String> = get(&row, n, "default_literal")?;
        let coll_schema: Option<String> = get(&row, n, "collation_schema")?;
        let coll_name: Option<String> = get(&row, n, "collation_name")?;
        let base_type: Option<String> = get(&row, n, "base_type")?;
        catalog.types.push(Type {
            oid: get(&row, n, "oid")?,
            schema: get(&row, n, "schema")?,
            name: get(&row, n, "name")?,
            owner: get(&row, n, "owner")?,
            kind,
            relid: get(&row, n, "relid")?,
            enum_labels: get(&row, n, "enum_labels")?,
            attributes: Vec::new(),
            base_type: base_type.unwrap_or_default(),
            not_null: get(&row, n, "not_null")?,
            default: default_expr.or_else(|| default_literal.map(|l| quote_literal(&l))),
            collation: coll_schema.zip(coll_name),
            checks: Vec::new(),
            range: None,
        });
    }
    let position: BTreeMap<u32, usize> =
        catalog.types.iter().enumerate().map(|(i, t)| (t.oid, i)).collect();
    let of_kind = |kind: TypeKind| -> Vec<u32> {
        catalog.types.iter().filter(|t| t.kind == kind).map(|t| t.oid).collect()
    };
    let (domains, composites, ranges) =
        (of_kind(TypeKind::Domain), of_kind(TypeKind::Composite), of_kind(TypeKind::Range));

    if !domains.is_empty() {
        let n = DOMAIN_CHECKS.name;
        for row in run(client, &DOMAIN_CHECKS, &[&domains]).await? {
            let typid: u32 = get(&row, n, "typid")?;
            let Some(&i) = position.get(&typid) else { continue };
            catalog.types[i].checks.push(DomainCheck {
                oid: get(&row, n, "oid")?,
                name: get(&row, n, "name")?,
                definition: get(&row, n, "definition")?,
                validated: get(&row, n, "validated")?,
            });
        }
    }
    if !composites.is_empty() {
        let n = COMPOSITE_ATTRIBUTES.name;
        for row in run(client, &COMPOSITE_ATTRIBUTES, &[&composites]).await? {
            let typid: u32 = get(&row, n, "typid")?;
            let Some(&i) = position.get(&typid) else { continue };
            let coll_schema: Option<String> = get(&row, n, "collation_schema")?;
            let coll_name: Option<String> = get(&row, n, "collation_name")?;
            catalog.types[i].attributes.push(CompositeAttribute {
                attnum: get(&row, n, "attnum")?,
                name: get(&row, n, "name")?,
                type_name: get(&row, n, "type_name")?,
                dropped: get(&row, n, "dropped")?,
                collation: coll_schema.zip(coll_name),
            });
        }
    }
    if !ranges.is_empty() {
        let q = if catalog.server_version_num >= 140_000 { &RANGES_14 } else { &RANGES_13 };
        let n = q.name;
        for row in run(client, q, &[&ranges]).await? {
            let typid: u32 = get(&row, n, "typid")?;
            let Some(&i) = position.get(&typid) else { continue };
            let opclass_default: bool = get(&row, n, "opclass_default")?;
            let opc_schema: String = get(&row, n, "opclass_schema")?;
            let opc_name: String = get(&row, n, "opclass_name")?;
            let coll_schema: Option<String> = get(&row, n, "collation_schema")?;
            let coll_name: Option<String> = get(&row, n, "collation_name")?;
            let func = |name: &'static str| -> Result<Option<String>> {
                let f: String = get(&row, n, name)?;
                Ok((f != "-").then_some(f))
            };
            catalog.types[i].range = Some(RangeInfo {
                subtype: get(&row, n, "subtype")?,
                multirange: get(&row, n, "multirange")?,
                opclass: (!opclass_default).then_some((opc_schema, opc_name)),
                collation: coll_schema.zip(coll_name),
                canonical: func("canonical")?,
                subdiff: func("subdiff")?,
            });
        }
    }
    Ok(())
}

async fn read_functions<C: GenericClient>(
    client: &C,
    catalog: &mut Catalog,
    sp: &(dyn ToSql + Sync),
) -> Result<()> {
    let q = if catalog.server_version_num >= 140_000 { &FUNCTIONS_14 } else { &FUNCTIONS_13 };
    let n = q.name;
    for row in run(client, q, &[sp]).await? {
        let kind: String = get(&row, n, "kind")?;
        let volatility: String = get(&row, n, "volatility")?;
        let parallel: String = get(&row, n, "parallel")?;
        let support: String = get(&row, n, "support")?;
        let schemas: Vec<String> = get(&row, n, "arg_type_schemas")?;
        let names: Vec<String> = get(&row, n, "arg_type_names")?;
        catalog.functions.push(Function {
            oid: get(&row, n, "oid")?,
            schema: get(&row, n, "schema")?,
            name: get(&row, n, "name")?,
            owner: get(&row, n, "owner")?,
            kind: char_of(&kind).unwrap_or('f'),
            language: get(&row, n, "lang")?,
            returns_set: get(&row, n, "retset")?,
            src: get(&row, n, "src")?,
            bin: get(&row, n, "bin")?,
            sql_body: get(&row, n, "sqlbody")?,
            arguments: get(&row, n, "args")?,
            identity_arguments: get(&row, n, "identity_args")?,
            result: get(&row, n, "result")?,
            transform_types: get(&row, n, "transform_types")?,
            volatility: char_of(&volatility).unwrap_or('v'),
            strict: get(&row, n, "strict")?,
            security_definer: get(&row, n, "security_definer")?,
            leakproof: get(&row, n, "leakproof")?,
            config: get(&row, n, "config")?,
            cost: get(&row, n, "cost")?,
            rows: get(&row, n, "rows")?,
            support: (support != "-").then_some(support),
            parallel: char_of(&parallel).unwrap_or('u'),
            arg_types: get(&row, n, "arg_types")?,
            arg_type_names: schemas.into_iter().zip(names).collect(),
        });
    }
    Ok(())
}

async fn read_aggregates<C: GenericClient>(
    client: &C,
    catalog: &mut Catalog,
    sp: &(dyn ToSql + Sync),
) -> Result<()> {
    let n = AGGREGATES.name;
    for row in run(client, &AGGREGATES, &[sp]).await? {
        let func = |name: &'static str| -> Result<Option<String>> {
            let f: String = get(&row, n, name)?;
            Ok((f != "-").then_some(f))
        };
        let letter = |name: &'static str, default: char| -> Result<char> {
            let v: String = get(&row, n, name)?;
            Ok(char_of(&v).unwrap_or(default))
        };
        let schemas: Vec<String> = get(&row, n, "arg_type_schemas")?;
        let names: Vec<String> = get(&row, n, "arg_type_names")?;
        let sortop_schema: Option<String> = get(&row, n, "sortop_schema")?;
        let sortop_name: Option<String> = get(&row, n, "sortop_name")?;
        catalog.aggregates.push(Aggregate {
            oid: get(&row, n, "oid")?,
            schema: get(&row, n, "schema")?,
            name: get(&row, n, "name")?,
            owner: get(&row, n, "owner")?,
            arguments: get(&row, n, "args")?,
            identity_arguments: get(&row, n, "identity_args")?,
            arg_types: get(&row, n, "arg_types")?,
            arg_type_names: schemas.into_iter().zip(names).collect(),
            kind: letter("kind", 'n')?,
            transfn: get(&row, n, "transfn")?,
            transtype: get(&row, n, "transtype")?,
            transspace: get(&row, n, "transspace")?,
            initval: get(&row, n, "initval")?,
            finalfn: func("finalfn")?,
            finalextra: get(&row, n, "finalextra")?,
            finalmodify: letter("finalmodify", 'r')?,
            combinefn: func("combinefn")?,
            serialfn: func("serialfn")?,
            deserialfn: func("deserialfn")?,
            mtransfn: func("mtransfn")?,
            minvtransfn: get(&row, n, "minvtransfn")?,
            mtranstype: get(&row, n, "mtranstype")?,
            mtransspace: get(&row, n, "mtransspace")?,
            minitval: get(&row, n, "minitval")?,
            mfinalfn: func("mfinalfn")?,
            mfinalextra: get(&row, n, "mfinalextra")?,
            mfinalmodify: letter("mfinalmodify", 'r')?,
            sortop: sortop_schema.zip(sortop_name),
            parallel: letter("parallel", 'u')?,
        });
    }
    Ok(())
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
            "v" => RelKind::View,
            "m" => RelKind::MatView,
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
            view_definition: get(&row, n, "view_definition")?,
            check_option: get(&row, n, "check_option")?,
            populated: get(&row, n, "populated")?,
            row_security: get(&row, n, "row_security")?,
        });
    }
    let oids: Vec<u32> = catalog.tables.iter().map(|t| t.oid).collect();
    let position: BTreeMap<u32, usize> =
        catalog.tables.iter().enumerate().map(|(i, t)| (t.oid, i)).collect();
    let op: &(dyn ToSql + Sync) = &oids;

    let views: Vec<u32> = catalog
        .tables
        .iter()
        .filter(|t| matches!(t.kind, RelKind::View | RelKind::MatView))
        .map(|t| t.oid)
        .collect();
    if !views.is_empty() {
        let n = VIEW_RULES.name;
        for row in run(client, &VIEW_RULES, &[&views]).await? {
            catalog.view_rules.push(ViewRule {
                oid: get(&row, n, "oid")?,
                relid: get(&row, n, "relid")?,
                name: get(&row, n, "name")?,
            });
        }
        let n = MATVIEW_REFRESH_DEPS.name;
        for row in run(client, &MATVIEW_REFRESH_DEPS, &[]).await? {
            catalog.matview_refresh_deps.push((get(&row, n, "objid")?, get(&row, n, "refobjid")?));
        }
    }

    let n = RULES.name;
    for row in run(client, &RULES, &[op]).await? {
        let enabled: String = get(&row, n, "enabled")?;
        catalog.rules.push(Rule {
            oid: get(&row, n, "oid")?,
            table: get(&row, n, "relid")?,
            name: get(&row, n, "name")?,
            definition: get(&row, n, "definition")?,
            enabled: char_of(&enabled).unwrap_or('O'),
        });
    }
    let triggers = if version >= 150_000 { &TRIGGERS_15 } else { &TRIGGERS_13 };
    let n = triggers.name;
    for row in run(client, triggers, &[op]).await? {
        let enabled: String = get(&row, n, "enabled")?;
        catalog.triggers.push(Trigger {
            oid: get(&row, n, "oid")?,
            table: get(&row, n, "relid")?,
            name: get(&row, n, "name")?,
            definition: get(&row, n, "definition")?,
            enabled: char_of(&enabled).unwrap_or('O'),
            is_partition: get(&row, n, "is_partition")?,
        });
    }
    let n = POLICIES.name;
    for row in run(client, &POLICIES, &[op]).await? {
        let cmd: String = get(&row, n, "cmd")?;
        catalog.policies.push(Policy {
            oid: get(&row, n, "oid")?,
            table: get(&row, n, "relid")?,
            name: get(&row, n, "name")?,
            command: char_of(&cmd).unwrap_or('*'),
            permissive: get(&row, n, "permissive")?,
            roles: get(&row, n, "roles")?,
            qual: get(&row, n, "qual")?,
            with_check: get(&row, n, "with_check")?,
        });
    }

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
