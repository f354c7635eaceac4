-- Schemas to dump. Minimum server version: 13.
-- Returns: oid, name, owner (role name), owned_by_db_owner (owner is pg_database_owner, 14+).
-- Leaves out pg_* schemas, information_schema and extension members.
-- $1: text[] of schema names to keep, NULL for all.
SELECT n.oid,
       n.nspname AS name,
       pg_catalog.pg_get_userbyid(n.nspowner) AS owner,
       n.nspowner = 6171 AS owned_by_db_owner
FROM pg_catalog.pg_namespace n
WHERE n.nspname !~ '^pg_'
  AND n.nspname <> 'information_schema'
  AND ($1::text[] IS NULL OR n.nspname = ANY ($1::text[]))
  AND NOT EXISTS (
      SELECT 1 FROM pg_catalog.pg_depend d
      WHERE d.classid = 'pg_catalog.pg_namespace'::pg_catalog.regclass
        AND d.objid = n.oid AND d.deptype = 'e')
ORDER BY n.nspname
