-- Text search dictionaries to dump. Minimum server version: 13 (unchanged up to 18).
-- Returns one row per dictionary: oid, schema, name, owner, template_schema /
-- template_name, options (dictinitoption, NULL when none).
-- Leaves out system schemas and extension members.
-- $1: text[] of schema names to keep, NULL for all.
SELECT d.oid,
       n.nspname AS schema,
       d.dictname AS name,
       pg_catalog.pg_get_userbyid(d.dictowner) AS owner,
       tn.nspname AS template_schema,
       t.tmplname AS template_name,
       d.dictinitoption AS options
FROM pg_catalog.pg_ts_dict d
JOIN pg_catalog.pg_namespace n ON n.oid = d.dictnamespace
JOIN pg_catalog.pg_ts_template t ON t.oid = d.dicttemplate
JOIN pg_catalog.pg_namespace tn ON tn.oid = t.tmplnamespace
WHERE n.nspname !~ '^pg_'
  AND n.nspname <> 'information_schema'
  AND ($1::text[] IS NULL OR n.nspname = ANY ($1::text[]))
  AND NOT EXISTS (
      SELECT 1 FROM pg_catalog.pg_depend x
      WHERE x.classid = 'pg_catalog.pg_ts_dict'::pg_catalog.regclass
        AND x.objid = d.oid AND x.deptype = 'e')
ORDER BY d.oid
