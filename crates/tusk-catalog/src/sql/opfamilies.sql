-- Operator families to dump. Minimum server version: 13 (unchanged up to 18).
-- Returns one row per family: oid, schema, name, owner, method (the access method's name).
-- Their loose members come from opclass_members.sql.
-- Leaves out system schemas and extension members.
-- $1: text[] of schema names to keep, NULL for all.
SELECT f.oid,
       n.nspname AS schema,
       f.opfname AS name,
       pg_catalog.pg_get_userbyid(f.opfowner) AS owner,
       am.amname AS method
FROM pg_catalog.pg_opfamily f
JOIN pg_catalog.pg_namespace n ON n.oid = f.opfnamespace
JOIN pg_catalog.pg_am am ON am.oid = f.opfmethod
WHERE n.nspname !~ '^pg_'
  AND n.nspname <> 'information_schema'
  AND ($1::text[] IS NULL OR n.nspname = ANY ($1::text[]))
  AND NOT EXISTS (
      SELECT 1 FROM pg_catalog.pg_depend x
      WHERE x.classid = 'pg_catalog.pg_opfamily'::pg_catalog.regclass
        AND x.objid = f.oid AND x.deptype = 'e')
ORDER BY f.oid
