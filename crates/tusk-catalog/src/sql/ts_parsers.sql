-- Text search parsers to dump. Minimum server version: 13 (unchanged up to 18).
-- Returns one row per parser: oid, schema, name, and its functions as regproc text: start,
-- gettoken, end_fn, headline (NULL when none), lextypes. Parsers have no owner.
-- Leaves out system schemas and extension members.
-- $1: text[] of schema names to keep, NULL for all.
SELECT p.oid,
       n.nspname AS schema,
       p.prsname AS name,
       p.prsstart::pg_catalog.text AS start,
       p.prstoken::pg_catalog.text AS gettoken,
       p.prsend::pg_catalog.text AS end_fn,
       CASE WHEN p.prsheadline::pg_catalog.oid <> 0
            THEN p.prsheadline::pg_catalog.text END AS headline,
       p.prslextype::pg_catalog.text AS lextypes
FROM pg_catalog.pg_ts_parser p
JOIN pg_catalog.pg_namespace n ON n.oid = p.prsnamespace
WHERE n.nspname !~ '^pg_'
  AND n.nspname <> 'information_schema'
  AND ($1::text[] IS NULL OR n.nspname = ANY ($1::text[]))
  AND NOT EXISTS (
      SELECT 1 FROM pg_catalog.pg_depend x
      WHERE x.classid = 'pg_catalog.pg_ts_parser'::pg_catalog.regclass
        AND x.objid = p.oid AND x.deptype = 'e')
ORDER BY p.oid
