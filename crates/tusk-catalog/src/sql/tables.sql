-- Tables, partitioned tables, sequences, views, materialized views and foreign tables to dump.
-- Minimum server version: 13.
-- Returns one row per relation: oid, schema_oid, schema, name, owner, relkind, persistence,
-- reloptions (text[]), toast_reloptions (text[]), tablespace ('' for the default),
-- access_method (NULL unless a plain table), is_partition, partition_bound, partition_key,
-- replica_identity, force_rls, of_type (format_type of reloftype or NULL),
-- owning_table / owning_column / is_identity (sequences owned by a column),
-- view_definition (pg_get_viewdef of views and materialized views), check_option ('LOCAL',
-- 'CASCADED' or NULL, taken out of reloptions as pg_dump does), populated (relispopulated),
-- row_security (relrowsecurity).
-- Leaves out system schemas and extension members.
-- $1: text[] of schema names to keep, NULL for all.
SELECT c.oid,
       n.oid AS schema_oid,
       n.nspname AS schema,
       c.relname AS name,
       pg_catalog.pg_get_userbyid(c.relowner) AS owner,
       c.relkind::text AS relkind,
       c.relpersistence::text AS persistence,
       COALESCE(pg_catalog.array_remove(pg_catalog.array_remove(c.reloptions,
                'check_option=local'), 'check_option=cascaded'), '{}'::text[]) AS reloptions,
       COALESCE(tc.reloptions, '{}'::text[]) AS toast_reloptions,
       COALESCE((SELECT s.spcname FROM pg_catalog.pg_tablespace s
                 WHERE s.oid = c.reltablespace), '') AS tablespace,
       CASE WHEN c.relkind IN ('r', 'm') THEN am.amname END AS access_method,
       c.relispartition AS is_partition,
       CASE WHEN c.relispartition
            THEN pg_catalog.pg_get_expr(c.relpartbound, c.oid) END AS partition_bound,
       CASE WHEN c.relkind = 'p' THEN pg_catalog.pg_get_partkeydef(c.oid) END AS partition_key,
       c.relreplident::text AS replica_identity,
       c.relforcerowsecurity AS force_rls,
       CASE WHEN c.reloftype <> 0
            THEN pg_catalog.format_type(c.reloftype, NULL) END AS of_type,
       d.refobjid AS owning_table,
       d.refobjsubid AS owning_column,
       COALESCE(d.deptype = 'i', false) AS is_identity,
       CASE WHEN c.relkind IN ('v', 'm')
            THEN pg_catalog.pg_get_viewdef(c.oid) END AS view_definition,
       CASE WHEN 'check_option=local' = ANY (c.reloptions) THEN 'LOCAL'
            WHEN 'check_option=cascaded' = ANY (c.reloptions) THEN 'CASCADED'
       END AS check_option,
       c.relispopulated AS populated,
       c.relrowsecurity AS row_security
FROM pg_catalog.pg_class c
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_catalog.pg_class tc ON tc.oid = c.reltoastrelid
LEFT JOIN pg_catalog.pg_am am ON am.oid = c.relam
LEFT JOIN pg_catalog.pg_depend d
       ON c.relkind = 'S'
      AND d.classid = 'pg_catalog.pg_class'::pg_catalog.regclass
      AND d.objid = c.oid AND d.objsubid = 0
      AND d.refclassid = 'pg_catalog.pg_class'::pg_catalog.regclass
      AND d.deptype IN ('a', 'i')
WHERE c.relkind IN ('r', 'p', 'S', 'v', 'm', 'f')
  AND n.nspname !~ '^pg_'
  AND n.nspname <> 'information_schema'
  AND ($1::text[] IS NULL OR n.nspname = ANY ($1::text[]))
  AND NOT EXISTS (
      SELECT 1 FROM pg_catalog.pg_depend e
      WHERE e.classid = 'pg_catalog.pg_class'::pg_catalog.regclass
        AND e.objid = c.oid AND e.deptype = 'e')
ORDER BY c.oid
