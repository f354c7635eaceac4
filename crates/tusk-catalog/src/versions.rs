//! What differs between the PostgreSQL majors tusk reads (13 to 18): one named rule per
//! difference, each keyed on the source server's `server_version_num`, and nothing else in
//! the crate compares version numbers.
//!
//! Two kinds of rules:
//!
//! - **Catalog rules** say what the server's catalogs hold (a column, a kind of row): they pick
//!   the variant of a catalog query (`columns_13.sql`/`columns_14.sql`, …) or how its rows
//!   are read. A catalog change that one query reads the same way on every server needs no
//!   rule of its own: the rows are simply absent where the release did not have them (the
//!   `pg_constraint` rows of NOT NULL constraints, named in
//!   [`not_null_constraints_are_rows`], are read by the same SQL on every server).
//! - **Rendering rules** say what SQL tusk writes for the same catalog. The policy: for a source
//!   server up to 15 tusk writes what pg_dump 15 writes (the pg_dump of this project's default
//!   server); for 16 and newer, what pg_dump 18 writes (the newest pg_dump, the one a dump of
//!   those servers is compared with, which also reads 16 and 17). So pg_dump 18's layout is
//!   keyed on [`renders_as_pg_dump_18`], whatever release brought it.
//!
//! Known differences from pg_dump 18, kept on purpose (tests name them):
//!
//! - pg_dump 18 writes a column's locally added NOT NULL constraint that it does not print
//!   with the column (an inheritance child's inherited column) as a table constraint
//!   `NOT NULL col` also for 16 and 17, whose servers cannot parse it; tusk writes
//!   pg_dump 15's `ALTER TABLE ONLY … ALTER COLUMN … SET NOT NULL` there, and the table
//!   constraint only where the server has it ([`not_null_constraints_are_rows`]).
//! - pg_dump 18 (18.6) writes that table constraint's name unquoted
//!   (`CONSTRAINT Weird Name NOT NULL x`); tusk quotes it.

/// `server_version_num` of the first release of a major.
const fn major(m: i32) -> i32 {
    m * 10_000
}

/// The servers tusk reads: 13 to 18.
pub const fn supported(v: i32) -> bool {
    v >= major(13) && v < major(19)
}

// ---- Catalog rules ------------------------------------------------------------------------

/// 14: range types get a multirange type (`pg_range.rngmultitypid`, `ranges_14.sql`), and
/// CREATE TYPE … AS RANGE makes casts from the range to it, which are not dumped
/// (`casts_14.sql`).
pub const fn multiranges(v: i32) -> bool {
    v >= major(14)
}

/// 14: `pg_attribute.attcompression`, a column's compression method (`columns_14.sql`).
pub const fn attcompression(v: i32) -> bool {
    v >= major(14)
}

/// 14: `pg_type.typsubscript`, a base type's SUBSCRIPT function (`base_types_14.sql`).
pub const fn typsubscript(v: i32) -> bool {
    v >= major(14)
}

/// 14: SQL-standard function bodies (`BEGIN ATOMIC`, `RETURN`), `pg_get_function_sqlbody`
/// (`functions_14.sql`).
pub const fn sql_standard_function_bodies(v: i32) -> bool {
    v >= major(14)
}

/// 14: `pg_subscription.subbinary` and `substream` (a boolean until 16).
pub const fn subscription_binary_and_streaming(v: i32) -> bool {
    v >= major(14)
}

/// 15: `pg_index.indnullsnotdistinct`, UNIQUE NULLS NOT DISTINCT (`indexes_15.sql`).
pub const fn nulls_not_distinct(v: i32) -> bool {
    v >= major(15)
}

/// 15: the clones of a partitioned table's triggers on its partitions are no longer
/// `tgisinternal`; they are told by `tgparentid` (`triggers_15.sql`).
pub const fn partition_triggers_not_internal(v: i32) -> bool {
    v >= major(15)
}

/// 15: an ICU collation's locale moved from `collcollate` to `colliculocale`, and
/// `collcollate`/`collctype` became nullable (`collations_15.sql`).
pub const fn colliculocale(v: i32) -> bool {
    v >= major(15)
}

/// 15: publications' column lists and row filters (`prattrs`, `prqual`,
/// `publication_rels_15.sql`).
pub const fn publication_column_lists_and_row_filters(v: i32) -> bool {
    v >= major(15)
}

/// 15: TABLES IN SCHEMA publications, `pg_publication_namespace`
/// (`publication_schemas.sql`, not run before).
pub const fn publication_schemas(v: i32) -> bool {
    v >= major(15)
}

/// 15: `pg_subscription.subtwophasestate` and `subdisableonerr`.
pub const fn subscription_two_phase_and_disable_on_error(v: i32) -> bool {
    v >= major(15)
}

/// 16: ICU tailoring rules, `pg_collation.collicurules` (`collations_16.sql`).
pub const fn icu_rules(v: i32) -> bool {
    v >= major(16)
}

/// 16: `pg_subscription.substream` became a `char` (parallel streaming) and
/// `subpasswordrequired`, `subrunasowner`, `suborigin` were added.
pub const fn subscription_origin_and_owner_options(v: i32) -> bool {
    v >= major(16)
}

/// 15: a database has a locale provider (`pg_database.datlocprovider`) and an ICU locale
/// (`daticulocale`); before, every database is libc's.
pub const fn database_locale_provider(v: i32) -> bool {
    v >= major(15)
}

/// 17: `daticulocale` renamed `datlocale` (also the builtin provider's locale).
pub const fn database_datlocale(v: i32) -> bool {
    v >= major(17)
}

/// 17: `colliculocale` renamed `colllocale` (it also holds the builtin provider's locale)
/// (`collations_17.sql`).
pub const fn colllocale(v: i32) -> bool {
    v >= major(17)
}

/// 17: `pg_subscription.subfailover`.
pub const fn subscription_failover(v: i32) -> bool {
    v >= major(17)
}

/// 17: a domain's NOT NULL is a `pg_constraint` row (contype `n`) with a name, which
/// pg_dump 18 writes (`CONSTRAINT name NOT NULL`) unless it is the default
/// `<domain>_not_null`, and whose comment it dumps.
pub const fn domain_not_null_constraints_are_rows(v: i32) -> bool {
    v >= major(17)
}

/// 18: a table column's NOT NULL is a `pg_constraint` row (contype `n`): named (pg_dump 18
/// writes a name other than `<table>_<column>_not_null`, or any commented one), possibly
/// NO INHERIT, possibly NOT VALID (then dumped as a separate CONSTRAINT after the data),
/// inherited or local (`conislocal`) on its own, apart from the column. Before 18 the
/// column's `attnotnull` is all there is.
pub const fn not_null_constraints_are_rows(v: i32) -> bool {
    v >= major(18)
}

/// 18: `pg_publication.pubgencols`, publishing generated columns (`publications_18.sql`).
pub const fn publication_generated_columns(v: i32) -> bool {
    v >= major(18)
}

// ---- Rendering rules ----------------------------------------------------------------------

/// The rendering policy: a server of 16 or newer is dumped as pg_dump 18 dumps it, older
/// ones as pg_dump 15 does (see the module documentation).
pub const fn renders_as_pg_dump_18(v: i32) -> bool {
    v >= major(16)
}

/// pg_dump 18 lists MAINTAIN (17's privilege, aclitem letter `m`) among a table's
/// privileges for every server: on 16, where no ACL has it, a table's full privileges are
/// spelled out instead of written `ALL`. pg_dump 15 does not know it.
pub const fn table_privileges_include_maintain(v: i32) -> bool {
    renders_as_pg_dump_18(v)
}

/// pg_dump 18 writes `ALTER DEFAULT PRIVILEGES … ON TABLES TO …` with one space before
/// `TO`/`FROM`; pg_dump 15 writes two (`ON TABLES  TO`).
pub const fn default_privileges_single_space(v: i32) -> bool {
    renders_as_pg_dump_18(v)
}

/// pg_dump 18 writes each `ALTER … DEPENDS ON EXTENSION` as `\nALTER …;` (a blank line
/// after the statement before, no newline after); pg_dump 15 as `ALTER …;\n`.
pub const fn depends_on_extension_after_blank_line(v: i32) -> bool {
    renders_as_pg_dump_18(v)
}

/// pg_dump 18 writes a foreign table column's options as
/// `ALTER FOREIGN TABLE ONLY … ALTER COLUMN … OPTIONS`; pg_dump 15 without `ONLY`.
pub const fn foreign_column_options_only(v: i32) -> bool {
    renders_as_pg_dump_18(v)
}

/// pg_dump 18 always writes a subscription's `streaming` (`off`, `on` or `parallel`: 18
/// made parallel the default); pg_dump 15 only `streaming = on`.
pub const fn subscription_streaming_always(v: i32) -> bool {
    renders_as_pg_dump_18(v)
}

/// pg_dump 18 dumps a publication's tables and schemas whenever it dumps the publication
/// (no `-n`/`-t`), even those `-N`/`-T` exclude; pg_dump 15 only those of tables and
/// schemas it dumps. (For the dump's entry selection.)
pub const fn publication_members_follow_their_publication(v: i32) -> bool {
    renders_as_pg_dump_18(v)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each rule against the first release it names and the one before.
    #[test]
    fn rules_start_at_their_release() {
        type Rule = fn(i32) -> bool;
        let rules: [(Rule, i32); 23] = [
            (multiranges, 14),
            (attcompression, 14),
            (typsubscript, 14),
            (sql_standard_function_bodies, 14),
            (subscription_binary_and_streaming, 14),
            (nulls_not_distinct, 15),
            (partition_triggers_not_internal, 15),
            (colliculocale, 15),
            (database_locale_provider, 15),
            (publication_column_lists_and_row_filters, 15),
            (publication_schemas, 15),
            (subscription_two_phase_and_disable_on_error, 15),
            (icu_rules, 16),
            (subscription_origin_and_owner_options, 16),
            (colllocale, 17),
            (database_datlocale, 17),
            (subscription_failover, 17),
            (domain_not_null_constraints_are_rows, 17),
            (not_null_constraints_are_rows, 18),
            (publication_generated_columns, 18),
            (renders_as_pg_dump_18, 16),
            (table_privileges_include_maintain, 16),
            (default_privileges_single_space, 16),
        ];
        for (k, (rule, release)) in rules.into_iter().enumerate() {
            assert!(rule(release * 10_000), "rule {k} on {release}.0");
            assert!(rule(release * 10_000 + 4), "rule {k} on {release}.4");
            assert!(!rule((release - 1) * 10_000 + 22), "rule {k} before {release}");
        }
        assert!(supported(130_000) && supported(180_004));
        assert!(!supported(120_022) && !supported(190_000));
        for rule in [
            depends_on_extension_after_blank_line,
            foreign_column_options_only,
            subscription_streaming_always,
            publication_members_follow_their_publication,
        ] {
            assert!(rule(160_000) && !rule(150_018));
        }
    }
}
