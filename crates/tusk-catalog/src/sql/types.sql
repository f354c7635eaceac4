-- Enum, stand-alone composite, domain, range and base types, and shell types never completed
-- (CREATE TYPE name;), to dump. Minimum server version: 13.
-- Returns one row per type: oid, schema, name, owner, typtype ('e', 'c', 'd', 'r', 'b' or 'p'),
-- relid (the composite type's pg_class row, 0 otherwise), enum_labels (text[] in
-- enumsortorder), and for domains: base_type (format_type of the base type and typmod),
-- not_null, default_expr (pg_get_expr of typdefaultbin), default_literal (typdefault),
-- collation_schema / collation_name (only when the domain's collation differs from its
-- base type's). Table row types, array and multirange types are left out (an array type as
-- pg_dump recognises one: named `_...`, with an element type whose array type it is), as are
-- system schemas and extension members.
-- $1: text[] of schema names to keep, NULL for all.
SELECT t.oid,
       n.nspname AS schema,
       t.typname AS name,
       pg_catalog.pg_get_userbyid(t.typowner) AS owner,
       t.typtype::text AS typtype,
       t.typrelid AS relid,
       ARRAY(SELECT e.enumlabel::text FROM pg_catalog.pg_enum e
             WHERE e.enumtypid = t.oid ORDER BY e.enumsortorder) AS enum_labels,
       CASE WHEN t.typtype = 'd'
            THEN pg_catalog.format_type(t.typbasetype, t.typtypmod) END AS base_type,
       t.typnotnull AS not_null,
       pg_catalog.pg_get_expr(t.typdefaultbin, 'pg_catalog.pg_type'::pg_catalog.regclass)
           AS default_expr,
       t.typdefault AS default_literal,
       cn.nspname::text AS collation_schema,
       co.collname::text AS collation_name
FROM pg_catalog.pg_type t
JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace
LEFT JOIN pg_catalog.pg_type u ON u.oid = t.typbasetype
LEFT JOIN pg_catalog.pg_collation co
       ON t.typtype = 'd' AND co.oid = t.typcollation AND t.typcollation <> u.typcollation
LEFT JOIN pg_catalog.pg_namespace cn ON cn.oid = co.collnamespace
WHERE (t.typtype IN ('e', 'c', 'd', 'r')
       OR (t.typtype = 'b'
           AND NOT (t.typname LIKE '\_%' AND t.typelem <> 0
                    AND (SELECT e.typarray FROM pg_catalog.pg_type e
                         WHERE e.oid = t.typelem) = t.oid))
       OR (t.typtype = 'p' AND NOT t.typisdefined))
  AND (t.typrelid = 0 OR (SELECT c.relkind FROM pg_catalog.pg_class c
                          WHERE c.oid = t.typrelid) = 'c')
  AND n.nspname !~ '^pg_'
  AND n.nspname <> 'information_schema'
  AND ($1::text[] IS NULL OR n.nspname = ANY ($1::text[]))
  AND NOT EXISTS (
      SELECT 1 FROM pg_catalog.pg_depend x
      WHERE x.classid = 'pg_catalog.pg_type'::pg_catalog.regclass
        AND x.objid = t.oid AND x.deptype = 'e')
ORDER BY t.oid
