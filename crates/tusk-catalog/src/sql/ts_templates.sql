-- Text search templates to dump. Minimum server version: 13 (unchanged up to 18).
-- Returns one row per template: oid, schema, name, init (regproc text, NULL when none),
-- lexize (regproc text). Templates have no owner.
-- Leaves out system schemas and extension members.
-- $1: text[] of schema names to keep, NULL for all.
SELECT t.oid,
       n.nspname AS schema,
       t.tmplname AS name,
       CASE WHEN t.tmplinit::pg_catalog.oid <> 0
            THEN t.tmplinit::pg_catalog.text END AS init,
       t.tmpllexize::pg_catalog.text AS lexize
FROM pg_catalog.pg_ts_template t
JOIN pg_catalog.pg_namespace n ON n.oid = t.tmplnamespace
WHERE n.nspname !~ '^pg_'
  AND n.nspname <> 'information_schema'
  AND ($1::text[] IS NULL OR n.nspname = ANY ($1::text[]))
  AND NOT EXISTS (
      SELECT 1 FROM pg_catalog.pg_depend x
      WHERE x.classid = 'pg_catalog.pg_ts_template'::pg_catalog.regclass
        AND x.objid = t.oid AND x.deptype = 'e')
ORDER BY t.oid
