-- Extended statistics objects on the tables, materialized views and foreign tables dumped.
-- Minimum server version: 13. Runs unchanged on 13 to 18: stxstattarget is int4, -1 for the
-- default, up to 16; 17 made it a nullable int2, NULL for the default: both are returned as
-- int4, -1 for the default.
-- Returns one row per statistics object: oid, schema, name, owner, relid (stxrelid),
-- definition (pg_get_statisticsobjdef, without the final semicolon), stat_target.
-- Leaves out system schemas and extension members (no other relation kind can have
-- statistics).
-- $1: text[] of schema names to keep, NULL for all.
SELECT s.oid,
       n.nspname AS schema,
       s.stxname AS name,
       pg_catalog.pg_get_userbyid(s.stxowner) AS owner,
       s.stxrelid AS relid,
       pg_catalog.pg_get_statisticsobjdef(s.oid) AS definition,
       COALESCE(s.stxstattarget::pg_catalog.int4, -1) AS stat_target
FROM pg_catalog.pg_statistic_ext s
JOIN pg_catalog.pg_namespace n ON n.oid = s.stxnamespace
JOIN pg_catalog.pg_class c ON c.oid = s.stxrelid
WHERE n.nspname !~ '^pg_'
  AND n.nspname <> 'information_schema'
  AND ($1::text[] IS NULL OR n.nspname = ANY ($1::text[]))
  AND c.relkind IN ('r', 'p', 'm', 'f')
  AND NOT EXISTS (
      SELECT 1 FROM pg_catalog.pg_depend x
      WHERE x.classid = 'pg_catalog.pg_statistic_ext'::pg_catalog.regclass
        AND x.objid = s.oid AND x.deptype = 'e')
ORDER BY s.oid
