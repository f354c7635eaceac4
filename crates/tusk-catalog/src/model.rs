//! The typed model of the catalog objects tusk dumps, as read by [`crate::read_catalog`].
//!
//! Everything here is plain data in deterministic order (the queries order their rows);
//! names are unquoted catalog names, and SQL fragments (`type_name`, `definition`, `expr`)
//! are the server's own deparsed text, produced under an empty `search_path` so that every
//! name in them is schema-qualified, exactly as pg_dump sees them.

/// `pg_namespace`'s OID in `pg_class`.
pub const PG_NAMESPACE: u32 = 2615;
/// `pg_class`'s OID in `pg_class`.
pub const PG_CLASS: u32 = 1259;
/// `pg_extension`'s OID in `pg_class`.
pub const PG_EXTENSION: u32 = 3079;
/// `pg_attrdef`'s OID in `pg_class`.
pub const PG_ATTRDEF: u32 = 2604;
/// `pg_constraint`'s OID in `pg_class`.
pub const PG_CONSTRAINT: u32 = 2606;
/// `pg_type`'s OID in `pg_class`.
pub const PG_TYPE: u32 = 1247;
/// `pg_rewrite`'s OID in `pg_class`.
pub const PG_REWRITE: u32 = 2618;
/// `pg_proc`'s OID in `pg_class`.
pub const PG_PROC: u32 = 1255;
/// `pg_trigger`'s OID in `pg_class`.
pub const PG_TRIGGER: u32 = 2620;
/// `pg_default_acl`'s OID in `pg_class`.
pub const PG_DEFAULT_ACL: u32 = 826;
/// `pg_policy`'s OID in `pg_class`.
pub const PG_POLICY: u32 = 3256;
/// `pg_collation`'s OID in `pg_class`.
pub const PG_COLLATION: u32 = 3456;
/// `pg_statistic_ext`'s OID in `pg_class`.
pub const PG_STATISTIC_EXT: u32 = 3381;
/// `pg_ts_parser`'s OID in `pg_class`.
pub const PG_TS_PARSER: u32 = 3601;
/// `pg_ts_template`'s OID in `pg_class`.
pub const PG_TS_TEMPLATE: u32 = 3764;
/// `pg_ts_dict`'s OID in `pg_class`.
pub const PG_TS_DICT: u32 = 3600;
/// `pg_ts_config`'s OID in `pg_class`.
pub const PG_TS_CONFIG: u32 = 3602;
/// `pg_operator`'s OID in `pg_class`.
pub const PG_OPERATOR: u32 = 2617;
/// `pg_opclass`'s OID in `pg_class`.
pub const PG_OPCLASS: u32 = 2616;
/// `pg_opfamily`'s OID in `pg_class`.
pub const PG_OPFAMILY: u32 = 2753;
/// `pg_am`'s OID in `pg_class`.
pub const PG_AM: u32 = 2601;
/// `pg_cast`'s OID in `pg_class`.
pub const PG_CAST: u32 = 2605;
/// `pg_conversion`'s OID in `pg_class`.
pub const PG_CONVERSION: u32 = 2607;
/// `pg_language`'s OID in `pg_class`.
pub const PG_LANGUAGE: u32 = 2612;
/// `pg_transform`'s OID in `pg_class`.
pub const PG_TRANSFORM: u32 = 3576;
/// `pg_foreign_data_wrapper`'s OID in `pg_class`.
pub const PG_FOREIGN_DATA_WRAPPER: u32 = 2328;
/// `pg_foreign_server`'s OID in `pg_class`.
pub const PG_FOREIGN_SERVER: u32 = 1417;
/// `pg_event_trigger`'s OID in `pg_class`.
pub const PG_EVENT_TRIGGER: u32 = 3466;
/// `pg_publication`'s OID in `pg_class`.
pub const PG_PUBLICATION: u32 = 6104;
/// `pg_publication_rel`'s OID in `pg_class`.
pub const PG_PUBLICATION_REL: u32 = 6106;
/// `pg_publication_namespace`'s OID in `pg_class` (15+).
pub const PG_PUBLICATION_NAMESPACE: u32 = 6237;
/// `pg_subscription`'s OID in `pg_class`.
pub const PG_SUBSCRIPTION: u32 = 6100;

/// A catalog object's identity: the OID of its catalog and its own OID (pg_dump's
/// `CatalogId`). `(0, 0)` for objects that are not catalog rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct ObjectId {
    /// The catalog's OID (`pg_class` = 1259, …).
    pub classid: u32,
    /// The object's OID.
    pub oid: u32,
}

impl ObjectId {
    /// An identity in catalog `classid`.
    pub const fn new(classid: u32, oid: u32) -> Self {
        Self { classid, oid }
    }
}

/// A schema.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Schema {
    /// Its OID.
    pub oid: u32,
    /// Its name.
    pub name: String,
    /// Its owner's role name.
    pub owner: String,
    /// Owned by `pg_database_owner` (the default for `public` from 15 on).
    pub owned_by_db_owner: bool,
}

/// An extension (its member objects are never dumped).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Extension {
    /// Its OID.
    pub oid: u32,
    /// Its name.
    pub name: String,
    /// The schema it was installed in.
    pub schema: String,
    /// Created by initdb (OID below 16384, as plpgsql): never dumped itself, but the
    /// changed privileges of its members are, whatever the selection (pg_dump's rule).
    pub builtin: bool,
}

/// The kind of a relation this crate dumps.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum RelKind {
    /// `r`: an ordinary table.
    Table,
    /// `p`: a partitioned table.
    PartitionedTable,
    /// `S`: a sequence.
    Sequence,
    /// `v`: a view.
    View,
    /// `m`: a materialized view.
    MatView,
    /// `f`: a foreign table.
    ForeignTable,
}

/// One column of a table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Column {
    /// `attnum`, from 1.
    pub attnum: i16,
    /// Its name.
    pub name: String,
    /// `format_type(atttypid, atttypmod)`.
    pub type_name: String,
    /// `attnotnull` (from 18 also true for a NOT VALID constraint: see
    /// [`Column::not_null_constraint`]).
    pub not_null: bool,
    /// The column's NOT NULL constraint as a `pg_constraint` row, from 18 on
    /// ([`crate::versions::not_null_constraints_are_rows`]; `None` before).
    pub not_null_constraint: Option<NotNullConstraint>,
    /// `attisdropped`.
    pub dropped: bool,
    /// `attislocal`.
    pub is_local: bool,
    /// `attidentity`: `'a'` (ALWAYS), `'d'` (BY DEFAULT) or `None`.
    pub identity: Option<char>,
    /// `attgenerated`: `'s'` (stored) or `None`.
    pub generated: Option<char>,
    /// `attstattarget`, -1 for the default.
    pub stat_target: i32,
    /// `attstorage`.
    pub storage: char,
    /// The type's `typstorage`.
    pub type_storage: char,
    /// `attcompression` (14+): `'p'`, `'l'` or `None`.
    pub compression: Option<char>,
    /// `attoptions` joined by `", "`, empty if none.
    pub options: String,
    /// The column's collation (schema, name) when it differs from the type's default.
    pub collation: Option<(String, String)>,
    /// A foreign table column's options (`attfdwoptions`) as (name, value), by name.
    pub fdw_options: Vec<(String, String)>,
}

/// A column's NOT NULL constraint (a `pg_constraint` row of contype `n`, servers 18+).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotNullConstraint {
    /// Its OID (the key of its comment).
    pub oid: u32,
    /// Its name.
    pub name: String,
    /// `connoinherit`: NO INHERIT.
    pub no_inherit: bool,
    /// `conislocal`: defined on this table itself (also when inherited too).
    pub is_local: bool,
    /// `convalidated`: false for NOT VALID (then dumped apart, as a CONSTRAINT entry read
    /// with the CHECK constraints: [`CheckConstraint::not_null`]).
    pub validated: bool,
}

/// Parameters and state of a sequence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SequenceInfo {
    /// `format_type(seqtypid)`: `smallint`, `integer` or `bigint`.
    pub type_name: String,
    /// START WITH.
    pub start: String,
    /// INCREMENT BY.
    pub increment: String,
    /// MAXVALUE.
    pub max: String,
    /// MINVALUE.
    pub min: String,
    /// CACHE.
    pub cache: String,
    /// CYCLE.
    pub cycle: bool,
    /// `last_value`, read in the caller's snapshot.
    pub last_value: String,
    /// `is_called`.
    pub is_called: bool,
}

/// What a foreign table adds to a table (`pg_foreign_table`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ForeignTableInfo {
    /// Its server's name.
    pub server: String,
    /// Its options (`ftoptions`) as (name, value), by name.
    pub options: Vec<(String, String)>,
}

/// A table, partitioned table, sequence, view, materialized view or foreign table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    /// Its OID.
    pub oid: u32,
    /// Its schema's name.
    pub schema: String,
    /// Its name.
    pub name: String,
    /// Its owner's role name.
    pub owner: String,
    /// Its kind.
    pub kind: RelKind,
    /// `relpersistence`: `'p'` permanent, `'u'` unlogged.
    pub persistence: char,
    /// `reloptions` (`name=value` strings).
    pub reloptions: Vec<String>,
    /// The TOAST table's `reloptions`.
    pub toast_reloptions: Vec<String>,
    /// The tablespace, `""` for the database default.
    pub tablespace: String,
    /// The table access method (plain tables only).
    pub access_method: Option<String>,
    /// `relispartition`.
    pub is_partition: bool,
    /// The partition bound (`FOR VALUES …`, `DEFAULT`).
    pub partition_bound: Option<String>,
    /// `pg_get_partkeydef` of a partitioned table.
    pub partition_key: Option<String>,
    /// `relreplident`.
    pub replica_identity: char,
    /// `relforcerowsecurity`.
    pub force_rls: bool,
    /// The type of a typed table (`OF type`).
    pub of_type: Option<String>,
    /// The parents (inheritance or partitioning), as OIDs, in `inhseqno` order.
    pub parents: Vec<u32>,
    /// The columns in `attnum` order, dropped ones included (empty for sequences).
    pub columns: Vec<Column>,
    /// For a sequence owned by a column: the table's OID and the column's `attnum`.
    pub owned_by: Option<(u32, i16)>,
    /// The sequence of an identity column.
    pub is_identity_sequence: bool,
    /// Sequence parameters (sequences only).
    pub sequence: Option<SequenceInfo>,
    /// Views and materialized views: `pg_get_viewdef`, ending in `;`.
    pub view_definition: Option<String>,
    /// Views: `LOCAL` or `CASCADED` (taken out of `reloptions`).
    pub check_option: Option<String>,
    /// `relispopulated` (false only for materialized views created WITH NO DATA).
    pub populated: bool,
    /// `relrowsecurity`.
    pub row_security: bool,
    /// Foreign tables: their server and options.
    pub foreign: Option<ForeignTableInfo>,
}

/// A trigger.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Trigger {
    /// Its OID.
    pub oid: u32,
    /// The relation's OID.
    pub table: u32,
    /// Its name.
    pub name: String,
    /// `pg_get_triggerdef(oid, false)`.
    pub definition: String,
    /// `tgenabled`: `'O'`, `'D'`, `'R'` or `'A'`.
    pub enabled: char,
    /// A clone of a partitioned table's trigger (only its enabled state is dumped).
    pub is_partition: bool,
}

/// A rule other than a view's ON SELECT rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rule {
    /// Its OID.
    pub oid: u32,
    /// The relation's OID.
    pub table: u32,
    /// Its name.
    pub name: String,
    /// `pg_get_ruledef(oid)`.
    pub definition: String,
    /// `ev_enabled`: `'O'`, `'D'`, `'R'` or `'A'`.
    pub enabled: char,
}

/// A row level security policy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Policy {
    /// Its OID.
    pub oid: u32,
    /// The table's OID.
    pub table: u32,
    /// Its name.
    pub name: String,
    /// `polcmd`: `'*'`, `'r'`, `'a'`, `'w'` or `'d'`.
    pub command: char,
    /// `polpermissive`.
    pub permissive: bool,
    /// The roles it applies to, `None` for PUBLIC.
    pub roles: Option<Vec<String>>,
    /// USING expression.
    pub qual: Option<String>,
    /// WITH CHECK expression.
    pub with_check: Option<String>,
}

/// The ON SELECT rule of a view or materialized view (dumped as part of the view).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ViewRule {
    /// Its OID.
    pub oid: u32,
    /// The view's OID.
    pub relid: u32,
    /// Its name (`_RETURN`).
    pub name: String,
}

/// A column default or generation expression (`pg_attrdef`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttrDef {
    /// Its OID.
    pub oid: u32,
    /// The table's OID.
    pub table: u32,
    /// The column's `attnum`.
    pub attnum: i16,
    /// `pg_get_expr(adbin, adrelid)`.
    pub expr: String,
}

/// A CHECK constraint of a table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckConstraint {
    /// Its OID.
    pub oid: u32,
    /// The table's OID.
    pub table: u32,
    /// Its name.
    pub name: String,
    /// `pg_get_constraintdef`.
    pub definition: String,
    /// `conislocal`.
    pub is_local: bool,
    /// `convalidated` (NOT VALID constraints are dumped separately).
    pub validated: bool,
    /// A NOT VALID NOT NULL constraint (18+), dumped after the data like a NOT VALID CHECK
    /// constraint, as a `CONSTRAINT` entry (`definition` is `NOT NULL col NOT VALID`).
    pub not_null: bool,
}

/// A FOREIGN KEY constraint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ForeignKey {
    /// Its OID.
    pub oid: u32,
    /// The referencing table's OID.
    pub table: u32,
    /// Its name.
    pub name: String,
    /// `pg_get_constraintdef`.
    pub definition: String,
}

/// The PRIMARY KEY / UNIQUE / EXCLUDE constraint an index backs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndexConstraint {
    /// Its OID.
    pub oid: u32,
    /// `'p'`, `'u'` or `'x'`.
    pub kind: char,
    /// Its name.
    pub name: String,
    /// DEFERRABLE.
    pub deferrable: bool,
    /// INITIALLY DEFERRED.
    pub deferred: bool,
    /// `pg_get_constraintdef` (used for EXCLUDE).
    pub definition: String,
}

/// An index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Index {
    /// Its OID.
    pub oid: u32,
    /// The table's OID.
    pub table: u32,
    /// Its name.
    pub name: String,
    /// `pg_get_indexdef`.
    pub definition: String,
    /// `indkey`.
    pub keys: Vec<i16>,
    /// `indnkeyatts`.
    pub key_count: usize,
    /// `indisclustered`.
    pub clustered: bool,
    /// `indisreplident`.
    pub replident: bool,
    /// `indnullsnotdistinct` (15+).
    pub nulls_not_distinct: bool,
    /// The tablespace, `""` for the default.
    pub tablespace: String,
    /// `reloptions`.
    pub reloptions: Vec<String>,
    /// The partitioned parent index, if attached to one.
    pub parent: Option<u32>,
    /// Per-column statistics targets: (column number, target).
    pub stat_targets: Vec<(i32, i32)>,
    /// The constraint it backs.
    pub constraint: Option<IndexConstraint>,
}

/// The kind of a user-defined type this crate dumps (`typtype`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum TypeKind {
    /// `e`: an enum.
    Enum,
    /// `c`: a stand-alone composite type.
    Composite,
    /// `d`: a domain.
    Domain,
    /// `r`: a range type.
    Range,
    /// `b`: a base type (`CREATE TYPE name (INPUT = …, OUTPUT = …)`).
    Base,
    /// `p` and not defined: a shell type never completed (`CREATE TYPE name;`).
    Undefined,
}

/// A CHECK constraint of a domain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DomainCheck {
    /// Its OID.
    pub oid: u32,
    /// Its name.
    pub name: String,
    /// `pg_get_constraintdef`.
    pub definition: String,
    /// `convalidated` (NOT VALID constraints are dumped separately).
    pub validated: bool,
}

/// An attribute of a stand-alone composite type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CompositeAttribute {
    /// `attnum`, from 1.
    pub attnum: i16,
    /// Its name.
    pub name: String,
    /// `format_type(atttypid, atttypmod)`.
    pub type_name: String,
    /// `attisdropped`.
    pub dropped: bool,
    /// Its collation (schema, name) when it differs from the type's default.
    pub collation: Option<(String, String)>,
}

/// The parameters of a range type (`pg_range`).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RangeInfo {
    /// `format_type(rngsubtype)`.
    pub subtype: String,
    /// `format_type(rngmultitypid)` (14+).
    pub multirange: Option<String>,
    /// The subtype operator class (schema, name) when not the subtype's default.
    pub opclass: Option<(String, String)>,
    /// The collation (schema, name) when it differs from the subtype's.
    pub collation: Option<(String, String)>,
    /// The canonical function (`regproc` text), if any.
    pub canonical: Option<String>,
    /// The subtype difference function (`regproc` text), if any.
    pub subdiff: Option<String>,
}

/// An enum, stand-alone composite, domain or range type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Type {
    /// Its OID.
    pub oid: u32,
    /// Its schema's name.
    pub schema: String,
    /// Its name.
    pub name: String,
    /// Its owner's role name.
    pub owner: String,
    /// Its kind.
    pub kind: TypeKind,
    /// For a composite type: the OID of its `pg_class` row (else 0).
    pub relid: u32,
    /// Enum labels, in `enumsortorder`.
    pub enum_labels: Vec<String>,
    /// Composite attributes, in `attnum` order, dropped ones included.
    pub attributes: Vec<CompositeAttribute>,
    /// Domains: `format_type(typbasetype, typtypmod)`.
    pub base_type: String,
    /// Domains: `typnotnull`.
    pub not_null: bool,
    /// Domains: their NOT NULL constraint's OID and name, from 17 on
    /// ([`crate::versions::domain_not_null_constraints_are_rows`]; `None` before).
    pub not_null_constraint: Option<(u32, String)>,
    /// Domains: the default, as SQL (`pg_get_expr`, or `typdefault` quoted as a literal).
    pub default: Option<String>,
    /// Domains: the collation (schema, name) when it differs from the base type's.
    pub collation: Option<(String, String)>,
    /// Domains: CHECK constraints, by name.
    pub checks: Vec<DomainCheck>,
    /// Range types: their parameters.
    pub range: Option<RangeInfo>,
    /// Base types: their parameters.
    pub base: Option<BaseTypeInfo>,
}

/// The parameters of a base type, as `CREATE TYPE` lists them (pg_dump's `dumpBaseType`).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct BaseTypeInfo {
    /// `typlen` as text (`-1`: variable).
    pub length: String,
    /// INPUT (`regproc` text).
    pub input: String,
    /// OUTPUT (`regproc` text).
    pub output: String,
    /// RECEIVE, if any.
    pub receive: Option<String>,
    /// SEND, if any.
    pub send: Option<String>,
    /// TYPMOD_IN, if any.
    pub typmod_in: Option<String>,
    /// TYPMOD_OUT, if any.
    pub typmod_out: Option<String>,
    /// ANALYZE, if any.
    pub analyze: Option<String>,
    /// SUBSCRIPT (14+), if any.
    pub subscript: Option<String>,
    /// COLLATABLE.
    pub collatable: bool,
    /// DEFAULT, as SQL (`pg_get_expr`, or `typdefault` quoted as a literal).
    pub default: Option<String>,
    /// ELEMENT (`format_type`), if any.
    pub element: Option<String>,
    /// CATEGORY (`typcategory`).
    pub category: String,
    /// PREFERRED.
    pub preferred: bool,
    /// DELIMITER.
    pub delimiter: String,
    /// ALIGNMENT (`typalign`).
    pub align: char,
    /// STORAGE (`typstorage`).
    pub storage: char,
    /// PASSEDBYVALUE.
    pub by_value: bool,
}

/// A function or procedure (not an aggregate).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Function {
    /// Its OID.
    pub oid: u32,
    /// Its schema's name.
    pub schema: String,
    /// Its name.
    pub name: String,
    /// Its owner's role name.
    pub owner: String,
    /// `prokind`: `'f'` function, `'p'` procedure, `'w'` window function.
    pub kind: char,
    /// The language's name.
    pub language: String,
    /// `proretset`.
    pub returns_set: bool,
    /// `prosrc`.
    pub src: String,
    /// `probin`, `""` if none.
    pub bin: String,
    /// `pg_get_function_sqlbody` (14+: SQL-standard bodies).
    pub sql_body: Option<String>,
    /// `pg_get_function_arguments` (with names, modes and defaults).
    pub arguments: String,
    /// `pg_get_function_identity_arguments`.
    pub identity_arguments: String,
    /// `pg_get_function_result` (`None` for procedures).
    pub result: Option<String>,
    /// TRANSFORM FOR TYPE types (`format_type`).
    pub transform_types: Vec<String>,
    /// `provolatile`: `'i'`, `'s'` or `'v'`.
    pub volatility: char,
    /// `proisstrict`.
    pub strict: bool,
    /// `prosecdef`.
    pub security_definer: bool,
    /// `proleakproof`.
    pub leakproof: bool,
    /// `proconfig` (`name=value` strings).
    pub config: Vec<String>,
    /// `procost`, as text.
    pub cost: String,
    /// `prorows`, as text.
    pub rows: String,
    /// The support function (`regproc` text), if any.
    pub support: Option<String>,
    /// `proparallel`: `'s'`, `'r'` or `'u'`.
    pub parallel: char,
    /// Input argument types (`format_type`), for the TOC tag.
    pub arg_types: Vec<String>,
    /// Input argument types as (schema, type name), for the sort.
    pub arg_type_names: Vec<(String, String)>,
}

/// An aggregate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Aggregate {
    /// Its OID (in `pg_proc`).
    pub oid: u32,
    /// Its schema's name.
    pub schema: String,
    /// Its name.
    pub name: String,
    /// Its owner's role name.
    pub owner: String,
    /// `pg_get_function_arguments`.
    pub arguments: String,
    /// `pg_get_function_identity_arguments`.
    pub identity_arguments: String,
    /// Input argument types (`format_type`), for the TOC tag.
    pub arg_types: Vec<String>,
    /// Input argument types as (schema, type name), for the sort.
    pub arg_type_names: Vec<(String, String)>,
    /// `aggkind`: `'n'` normal, `'o'` ordered-set, `'h'` hypothetical-set.
    pub kind: char,
    /// SFUNC (`regproc` text).
    pub transfn: String,
    /// STYPE (`regtype` text).
    pub transtype: String,
    /// SSPACE (`"0"` for the default).
    pub transspace: String,
    /// INITCOND.
    pub initval: Option<String>,
    /// FINALFUNC.
    pub finalfn: Option<String>,
    /// FINALFUNC_EXTRA.
    pub finalextra: bool,
    /// `aggfinalmodify`.
    pub finalmodify: char,
    /// COMBINEFUNC.
    pub combinefn: Option<String>,
    /// SERIALFUNC.
    pub serialfn: Option<String>,
    /// DESERIALFUNC.
    pub deserialfn: Option<String>,
    /// MSFUNC.
    pub mtransfn: Option<String>,
    /// MINVFUNC (`regproc` text, `-` when none).
    pub minvtransfn: String,
    /// MSTYPE.
    pub mtranstype: Option<String>,
    /// MSSPACE.
    pub mtransspace: String,
    /// MINITCOND.
    pub minitval: Option<String>,
    /// MFINALFUNC.
    pub mfinalfn: Option<String>,
    /// MFINALFUNC_EXTRA.
    pub mfinalextra: bool,
    /// `aggmfinalmodify`.
    pub mfinalmodify: char,
    /// SORTOP (schema, operator name).
    pub sortop: Option<(String, String)>,
    /// `proparallel`.
    pub parallel: char,
}

/// A collation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Collation {
    /// Its OID.
    pub oid: u32,
    /// Its schema's name.
    pub schema: String,
    /// Its name.
    pub name: String,
    /// Its owner's role name.
    pub owner: String,
    /// `collprovider`: `'c'` libc, `'i'` ICU, `'b'` builtin (17+), `'d'` default.
    pub provider: char,
    /// `collisdeterministic`.
    pub deterministic: bool,
    /// libc's LC_COLLATE (`collcollate`), `None` when none.
    pub collate: Option<String>,
    /// libc's LC_CTYPE (`collctype`), `None` when none.
    pub ctype: Option<String>,
    /// The ICU or builtin locale (`colliculocale` in 15 and 16, `colllocale` from 17,
    /// `collcollate` of an ICU collation before 15), `None` when none.
    pub locale: Option<String>,
    /// ICU tailoring rules (`collicurules`, 16+).
    pub icu_rules: Option<String>,
    /// `collencoding` (-1 for any encoding).
    pub encoding: i32,
}

/// An extended statistics object (`pg_statistic_ext`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatisticsExt {
    /// Its OID.
    pub oid: u32,
    /// Its schema's name.
    pub schema: String,
    /// Its name.
    pub name: String,
    /// Its owner's role name.
    pub owner: String,
    /// The OID of the table (or materialized view) it is on.
    pub table: u32,
    /// `pg_get_statisticsobjdef` (a whole `CREATE STATISTICS` without its semicolon).
    pub definition: String,
    /// `stxstattarget`, -1 for the default.
    pub stat_target: i32,
}

/// A text search parser (no owner).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TsParser {
    /// Its OID.
    pub oid: u32,
    /// Its schema's name.
    pub schema: String,
    /// Its name.
    pub name: String,
    /// START function (`regproc` text).
    pub start: String,
    /// GETTOKEN function.
    pub gettoken: String,
    /// END function.
    pub end: String,
    /// HEADLINE function, if any.
    pub headline: Option<String>,
    /// LEXTYPES function.
    pub lextypes: String,
}

/// A text search template (no owner).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TsTemplate {
    /// Its OID.
    pub oid: u32,
    /// Its schema's name.
    pub schema: String,
    /// Its name.
    pub name: String,
    /// INIT function (`regproc` text), if any.
    pub init: Option<String>,
    /// LEXIZE function.
    pub lexize: String,
}

/// A text search dictionary.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TsDictionary {
    /// Its OID.
    pub oid: u32,
    /// Its schema's name.
    pub schema: String,
    /// Its name.
    pub name: String,
    /// Its owner's role name.
    pub owner: String,
    /// Its template (schema, name).
    pub template: (String, String),
    /// `dictinitoption` (`name = 'value'` list, as the server keeps it), if any.
    pub options: Option<String>,
}

/// A text search configuration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TsConfig {
    /// Its OID.
    pub oid: u32,
    /// Its schema's name.
    pub schema: String,
    /// Its name.
    pub name: String,
    /// Its owner's role name.
    pub owner: String,
    /// Its parser (schema, name).
    pub parser: (String, String),
    /// Its mappings in (token type, sequence number) order: (token type alias, dictionary as
    /// `regdictionary` text).
    pub mappings: Vec<(String, String)>,
}

/// An operator (shell operators, which have no function yet, are not read).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Operator {
    /// Its OID.
    pub oid: u32,
    /// Its schema's name.
    pub schema: String,
    /// Its name (`oprname`: operator names are never quoted).
    pub name: String,
    /// Its owner's role name.
    pub owner: String,
    /// `oprkind`: `'b'` infix, `'l'` prefix, `'r'` postfix (servers before 14).
    pub kind: char,
    /// The function (`regprocedure` text).
    pub code: String,
    /// The left operand's type (`regtype` text), `None` for a prefix operator.
    pub left: Option<String>,
    /// The right operand's type, `None` for a postfix operator.
    pub right: Option<String>,
    /// The left operand's type as (schema, `pg_type` name), for the sort.
    pub left_sort: Option<(String, String)>,
    /// The right operand's type as (schema, `pg_type` name), for the sort.
    pub right_sort: Option<(String, String)>,
    /// COMMUTATOR as (schema, operator name).
    pub commutator: Option<(String, String)>,
    /// NEGATOR as (schema, operator name).
    pub negator: Option<(String, String)>,
    /// RESTRICT (`regprocedure` text).
    pub restrict: Option<String>,
    /// JOIN (`regprocedure` text).
    pub join: Option<String>,
    /// `oprcanmerge`.
    pub merges: bool,
    /// `oprcanhash`.
    pub hashes: bool,
}

/// An operator (`pg_amop`) or support function (`pg_amproc`) of an operator class or
/// family.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OpMember {
    /// `OPERATOR strategy operator [FOR ORDER BY family]`.
    Operator {
        /// `amopstrategy`.
        strategy: i16,
        /// `regoperator` text.
        operator: String,
        /// `amopsortfamily` as (schema, name), for ordering operators.
        sort_family: Option<(String, String)>,
    },
    /// `FUNCTION number (left, right) function`.
    Function {
        /// `amprocnum`.
        number: i16,
        /// `regprocedure` text.
        function: String,
        /// `amproclefttype` (`regtype` text).
        left: String,
        /// `amprocrighttype` (`regtype` text).
        right: String,
    },
}

/// An operator class.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpClass {
    /// Its OID.
    pub oid: u32,
    /// Its schema's name.
    pub schema: String,
    /// Its name.
    pub name: String,
    /// Its owner's role name.
    pub owner: String,
    /// The access method's name.
    pub method: String,
    /// `opcdefault`.
    pub is_default: bool,
    /// `opcintype` (`regtype` text).
    pub in_type: String,
    /// `opckeytype` (`regtype` text), `None` when none.
    pub key_type: Option<String>,
    /// Its family (schema, name).
    pub family: (String, String),
    /// Its members tied to it (operators first, each kind by number).
    pub members: Vec<OpMember>,
}

/// An operator family.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpFamily {
    /// Its OID.
    pub oid: u32,
    /// Its schema's name.
    pub schema: String,
    /// Its name.
    pub name: String,
    /// Its owner's role name.
    pub owner: String,
    /// The access method's name.
    pub method: String,
    /// Its "loose" members, tied to the family rather than to one of its classes
    /// (operators first, each kind by number).
    pub members: Vec<OpMember>,
}

/// A function as a cast or transform names it: `schema.name(argument types)`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FunctionRef {
    /// Its schema's name.
    pub schema: String,
    /// Its name.
    pub name: String,
    /// Its argument types (`format_type`).
    pub args: Vec<String>,
}

/// A cast (`pg_cast`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cast {
    /// Its OID.
    pub oid: u32,
    /// The source type (`format_type`).
    pub source: String,
    /// The target type (`format_type`).
    pub target: String,
    /// The source type's `pg_type` name (the sort's name is both types' names).
    pub source_name: String,
    /// The target type's `pg_type` name.
    pub target_name: String,
    /// `castmethod`: `'f'` function, `'i'` inout, `'b'` binary.
    pub method: char,
    /// `castcontext`: `'e'` explicit, `'a'` assignment, `'i'` implicit.
    pub context: char,
    /// The cast function.
    pub function: Option<FunctionRef>,
}

/// An encoding conversion.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conversion {
    /// Its OID.
    pub oid: u32,
    /// Its schema's name.
    pub schema: String,
    /// Its name.
    pub name: String,
    /// Its owner's role name.
    pub owner: String,
    /// The source encoding's name.
    pub for_encoding: String,
    /// The destination encoding's name.
    pub to_encoding: String,
    /// The function (`regproc` text).
    pub function: String,
    /// `condefault`.
    pub is_default: bool,
}

/// A procedural language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Language {
    /// Its OID.
    pub oid: u32,
    /// Its name.
    pub name: String,
    /// Its owner's role name.
    pub owner: String,
    /// `lanpltrusted`.
    pub trusted: bool,
    /// The call handler (schema, name), when pg_dump dumps that function.
    pub handler: Option<(String, String)>,
    /// The inline handler's OID (0 when none) and (schema, name) when dumped.
    pub inline: (u32, Option<(String, String)>),
    /// The validator's OID (0 when none) and (schema, name) when dumped.
    pub validator: (u32, Option<(String, String)>),
}

/// A transform.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Transform {
    /// Its OID.
    pub oid: u32,
    /// The type (`format_type`).
    pub type_name: String,
    /// The type's `pg_type` name (for the sort).
    pub type_sort_name: String,
    /// The language's name.
    pub language: String,
    /// The language is a procedural language (`lanispl`).
    pub language_is_pl: bool,
    /// The FROM SQL function.
    pub from_sql: Option<FunctionRef>,
    /// The TO SQL function.
    pub to_sql: Option<FunctionRef>,
}

/// An access method.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccessMethod {
    /// Its OID.
    pub oid: u32,
    /// Its name.
    pub name: String,
    /// `amtype`: `'i'` index, `'t'` table.
    pub kind: char,
    /// The handler (`regproc` text).
    pub handler: String,
}

/// A foreign-data wrapper.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ForeignDataWrapper {
    /// Its OID.
    pub oid: u32,
    /// Its name.
    pub name: String,
    /// Its owner's role name.
    pub owner: String,
    /// HANDLER (`regproc` text), if any.
    pub handler: Option<String>,
    /// VALIDATOR (`regproc` text), if any.
    pub validator: Option<String>,
    /// Its options (`fdwoptions`) as (name, value), by name.
    pub options: Vec<(String, String)>,
}

/// A foreign server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ForeignServer {
    /// Its OID.
    pub oid: u32,
    /// Its name.
    pub name: String,
    /// Its owner's role name.
    pub owner: String,
    /// Its foreign-data wrapper's name.
    pub wrapper: String,
    /// TYPE (`srvtype`), if any.
    pub server_type: Option<String>,
    /// VERSION (`srvversion`), if any.
    pub version: Option<String>,
    /// Its options (`srvoptions`) as (name, value), by name.
    pub options: Vec<(String, String)>,
}

/// A user mapping (as the view `pg_user_mappings` shows it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserMapping {
    /// The server's OID.
    pub server: u32,
    /// The user's name, `public` for PUBLIC.
    pub user: String,
    /// Its options as (name, value), by name (none when the reading user may not see them).
    pub options: Vec<(String, String)>,
}

/// An event trigger.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventTrigger {
    /// Its OID.
    pub oid: u32,
    /// Its name.
    pub name: String,
    /// Its owner's role name.
    pub owner: String,
    /// The event (`ddl_command_start`, …).
    pub event: String,
    /// WHEN TAG IN (…), empty for all tags.
    pub tags: Vec<String>,
    /// The function (`regproc` text).
    pub function: String,
    /// `evtenabled`: `'O'`, `'D'`, `'R'` or `'A'`.
    pub enabled: char,
}

/// A publication.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Publication {
    /// Its OID.
    pub oid: u32,
    /// Its name.
    pub name: String,
    /// Its owner's role name.
    pub owner: String,
    /// FOR ALL TABLES.
    pub all_tables: bool,
    /// Publishes inserts.
    pub insert: bool,
    /// Publishes updates.
    pub update: bool,
    /// Publishes deletes.
    pub delete: bool,
    /// Publishes truncates.
    pub truncate: bool,
    /// `publish_via_partition_root`.
    pub via_root: bool,
    /// `pubgencols` (18+): `'n'` none, `'s'` stored; `None` before 18.
    pub generated_columns: Option<char>,
}

/// A table of a publication (`pg_publication_rel`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublicationRel {
    /// Its OID.
    pub oid: u32,
    /// The publication's OID.
    pub publication: u32,
    /// The table's OID.
    pub table: u32,
    /// The column list (15+), `None` for all columns.
    pub columns: Option<Vec<String>>,
    /// The row filter (15+, `pg_get_expr`), `None` for all rows.
    pub row_filter: Option<String>,
}

/// A schema of a publication (`pg_publication_namespace`, 15+: TABLES IN SCHEMA).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublicationSchema {
    /// Its OID.
    pub oid: u32,
    /// The publication's OID.
    pub publication: u32,
    /// The schema's OID.
    pub schema_oid: u32,
    /// The schema's name.
    pub schema: String,
}

/// A subscription of the dumped database (read only for a superuser, as pg_dump does).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Subscription {
    /// Its OID.
    pub oid: u32,
    /// Its name.
    pub name: String,
    /// Its owner's role name.
    pub owner: String,
    /// CONNECTION (`subconninfo`).
    pub conninfo: String,
    /// `slot_name`, `None` for NONE.
    pub slot_name: Option<String>,
    /// `synchronous_commit` (`subsynccommit`).
    pub synchronous_commit: String,
    /// PUBLICATION names.
    pub publications: Vec<String>,
    /// `binary` (14+).
    pub binary: bool,
    /// `streaming` (14+): `'f'` off, `'t'` on, `'p'` parallel (16+).
    pub streaming: char,
    /// `subtwophasestate` (15+): `'d'` disabled, else enabled.
    pub two_phase: char,
    /// `disable_on_error` (15+).
    pub disable_on_error: bool,
    /// `password_required` (16+; true before).
    pub password_required: bool,
    /// `run_as_owner` (16+).
    pub run_as_owner: bool,
    /// `failover` (17+).
    pub failover: bool,
    /// `origin` (16+; `any` before).
    pub origin: String,
}

/// The access privileges of an object (or of a column, `subid` > 0).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Acl {
    /// The object.
    pub object: ObjectId,
    /// The column number for column privileges, else 0.
    pub subid: i32,
    /// The aclitems, `None` when the catalog holds NULL (the built-in default).
    pub acl: Option<Vec<String>>,
    /// The built-in default (`acldefault`), which the dump diffs against.
    pub default: Vec<String>,
}

/// The kind of a [`PartialObject`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum PartialKind {
    /// A schema.
    Schema,
    /// A relation of this kind.
    Relation(RelKind),
    /// A function.
    Function,
    /// A procedure.
    Procedure,
    /// An aggregate.
    Aggregate,
    /// A type.
    Type,
    /// A (trusted) procedural language.
    Language,
    /// A foreign-data wrapper.
    ForeignDataWrapper,
    /// A foreign server.
    ForeignServer,
}

/// The privileges of a column of a [`PartialObject`] that differ from their initial ones.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ColumnAcl {
    /// `attnum`.
    pub attnum: i16,
    /// The column's name.
    pub name: String,
    /// `attacl`, `None` when NULL.
    pub acl: Option<Vec<String>>,
    /// Its initial privileges (`pg_init_privs`), if recorded.
    pub init_privs: Option<Vec<String>>,
}

/// What an extension's configuration table or sequence adds: its data is dumped.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ConfigData {
    /// The extension's condition for the rows to dump (`WHERE …`), empty for all.
    pub condition: String,
    /// The columns COPY writes (not dropped, not generated), in `attnum` order.
    pub columns: Vec<String>,
    /// The extension members it references by foreign keys (their data is restored first).
    pub references: Vec<u32>,
    /// A sequence's `last_value` and `is_called`, read in the caller's snapshot.
    pub sequence: Option<(String, bool)>,
}

/// An object of which pg_dump dumps only a part: an object of `pg_catalog` or an extension
/// member whose privileges differ from their initial ones (`pg_init_privs`, else the
/// built-in default), of which only the GRANT and REVOKE commands are dumped; or an
/// extension's configuration table or sequence, whose data is dumped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PartialObject {
    /// The object.
    pub object: ObjectId,
    /// Its kind.
    pub kind: PartialKind,
    /// Its schema's OID and name, `None` outside schemas.
    pub schema: Option<(u32, String)>,
    /// Its name.
    pub name: String,
    /// Its owner's role name.
    pub owner: String,
    /// Functions and procedures: `pg_get_function_identity_arguments`.
    pub identity_arguments: String,
    /// Functions, procedures and aggregates: the input argument types (`format_type`).
    pub arg_types: Vec<String>,
    /// The same as (schema, type name), for the sort.
    pub arg_type_names: Vec<(String, String)>,
    /// The extension it belongs to, if any.
    pub extension: Option<u32>,
    /// Its privileges, `None` when the catalog holds NULL.
    pub acl: Option<Vec<String>>,
    /// The built-in default.
    pub acl_default: Vec<String>,
    /// Its initial privileges (`pg_init_privs`), if recorded.
    pub init_privs: Option<Vec<String>>,
    /// The columns whose privileges differ from their initial ones.
    pub columns: Vec<ColumnAcl>,
    /// For an extension's configuration table or sequence: what its data needs.
    pub config: Option<ConfigData>,
}

/// Default privileges for objects a role creates (`pg_default_acl`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DefaultAcl {
    /// Its OID.
    pub oid: u32,
    /// The role whose objects they apply to.
    pub role: String,
    /// The schema, `None` for global defaults.
    pub schema: Option<String>,
    /// `defaclobjtype`: `'r'`, `'S'`, `'f'`, `'T'` or `'n'`.
    pub objtype: char,
    /// The aclitems.
    pub acl: Vec<String>,
    /// What they are diffed against.
    pub default: Vec<String>,
}

/// A comment (`pg_description`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Comment {
    /// The commented object.
    pub object: ObjectId,
    /// The column number for column comments, else 0.
    pub subid: i32,
    /// The text.
    pub text: String,
}

/// One `pg_depend` row (sub-object ids folded into their object).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Depend {
    /// The dependent object.
    pub object: ObjectId,
    /// The object it depends on.
    pub referenced: ObjectId,
    /// `deptype`.
    pub deptype: char,
}

/// An object found in the database that is not dumped: of a kind this crate does not dump
/// yet (security labels), or a subscription the reading role may not read (only a superuser
/// may read `pg_subscription`, as pg_dump says).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct NotCovered {
    /// pg_dump's word for the kind (`SECURITY LABEL`, `SUBSCRIPTION`, …).
    pub kind: String,
    /// Its schema, `None` for database-wide objects.
    pub schema: Option<String>,
    /// Its name (with arguments for functions, `table name` for triggers and the like).
    pub name: String,
}

/// Everything read from one database in one snapshot.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Catalog {
    /// `server_version_num`.
    pub server_version_num: i32,
    /// Schemas, by name.
    pub schemas: Vec<Schema>,
    /// Extensions, by name.
    pub extensions: Vec<Extension>,
    /// Enum, composite, domain and range types, by OID.
    pub types: Vec<Type>,
    /// Functions and procedures, by OID.
    pub functions: Vec<Function>,
    /// Aggregates, by OID.
    pub aggregates: Vec<Aggregate>,
    /// Collations, by OID.
    pub collations: Vec<Collation>,
    /// Text search parsers, by OID.
    pub ts_parsers: Vec<TsParser>,
    /// Text search templates, by OID.
    pub ts_templates: Vec<TsTemplate>,
    /// Text search dictionaries, by OID.
    pub ts_dictionaries: Vec<TsDictionary>,
    /// Text search configurations, by OID.
    pub ts_configs: Vec<TsConfig>,
    /// Operators, by OID.
    pub operators: Vec<Operator>,
    /// Operator classes, by OID.
    pub opclasses: Vec<OpClass>,
    /// Operator families, by OID.
    pub opfamilies: Vec<OpFamily>,
    /// Casts, by OID.
    pub casts: Vec<Cast>,
    /// Conversions, by OID.
    pub conversions: Vec<Conversion>,
    /// Procedural languages, by OID.
    pub languages: Vec<Language>,
    /// Transforms, by OID.
    pub transforms: Vec<Transform>,
    /// Access methods, by OID.
    pub access_methods: Vec<AccessMethod>,
    /// Foreign-data wrappers, by OID.
    pub foreign_data_wrappers: Vec<ForeignDataWrapper>,
    /// Foreign servers, by OID.
    pub foreign_servers: Vec<ForeignServer>,
    /// User mappings, by server and user name.
    pub user_mappings: Vec<UserMapping>,
    /// Event triggers, by OID.
    pub event_triggers: Vec<EventTrigger>,
    /// Publications, by OID.
    pub publications: Vec<Publication>,
    /// Tables of publications, by OID.
    pub publication_rels: Vec<PublicationRel>,
    /// Schemas of publications (15+), by OID.
    pub publication_schemas: Vec<PublicationSchema>,
    /// Subscriptions of the database, by OID (none unless read by a superuser).
    pub subscriptions: Vec<Subscription>,
    /// Extended statistics objects on the tables and materialized views read, by OID.
    pub statistics: Vec<StatisticsExt>,
    /// Tables, partitioned tables, sequences, views, materialized views and foreign tables,
    /// by OID.
    pub tables: Vec<Table>,
    /// The ON SELECT rules of views and materialized views, by OID.
    pub view_rules: Vec<ViewRule>,
    /// Other rules, by OID.
    pub rules: Vec<Rule>,
    /// Triggers, by relation and name.
    pub triggers: Vec<Trigger>,
    /// Policies, by OID.
    pub policies: Vec<Policy>,
    /// (materialized view, materialized view it reads, directly or through views).
    pub matview_refresh_deps: Vec<(u32, u32)>,
    /// Column defaults, by table and column.
    pub attrdefs: Vec<AttrDef>,
    /// CHECK constraints, by table and name.
    pub checks: Vec<CheckConstraint>,
    /// Foreign keys, by table and name.
    pub foreign_keys: Vec<ForeignKey>,
    /// Indexes, by table and name.
    pub indexes: Vec<Index>,
    /// Comments.
    pub comments: Vec<Comment>,
    /// Access privileges, by object and column.
    pub acls: Vec<Acl>,
    /// Default privileges, by OID.
    pub default_acls: Vec<DefaultAcl>,
    /// `pg_depend`.
    pub depends: Vec<Depend>,
    /// Extension members: (object, extension OID).
    pub extension_members: Vec<(ObjectId, u32)>,
    /// Objects of which only the privileges or the data are dumped, by object.
    pub partial_objects: Vec<PartialObject>,
    /// Objects found but not dumped by this crate yet.
    pub not_covered: Vec<NotCovered>,
}
