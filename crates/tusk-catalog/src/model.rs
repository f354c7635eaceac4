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
    /// `attnotnull`.
    pub not_null: bool,
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

/// A table, partitioned table or sequence.
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

/// An object of a kind this crate does not dump yet, found in the database.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct NotCovered {
    /// pg_dump's word for the kind (`VIEW`, `FUNCTION`, `ACL`, …).
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
    /// Tables, partitioned tables and sequences, by OID.
    pub tables: Vec<Table>,
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
    /// `pg_depend`.
    pub depends: Vec<Depend>,
    /// Extension members: (object, extension OID).
    pub extension_members: Vec<(ObjectId, u32)>,
    /// Objects found but not dumped by this crate yet.
    pub not_covered: Vec<NotCovered>,
}
