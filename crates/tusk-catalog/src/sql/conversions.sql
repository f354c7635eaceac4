-- Encoding conversions to dump. Minimum server version: 13 (unchanged up to 18).
-- Returns one row per conversion: oid, schema, name, owner, for_encoding / to_encoding
-- (encoding names), proc (regproc text of conproc), is_default (condefault).
-- Leaves out system schemas and extension members.
-- $1: text[] of schema names to keep, NULL for all.
SELECT c.oid,
       n.nspname AS schema,
       c.conname AS name,
       pg_catalog.pg_get_userbyid(c.conowner) AS owner,
       pg_catalog.pg_encoding_to_char(c.conforencoding)::pg_catalog.text AS for_encoding,
       pg_catalog.pg_encoding_to_char(c.contoencoding)::pg_catalog.text AS to_encoding,
       c.conproc::pg_catalog.text AS proc,
       c.condefault AS is_default
FROM pg_catalog.pg_conversion c
JOIN pg_catalog.pg_namespace n ON n.oid = c.connamespace
WHERE n.nspname !~ '^pg_'
  AND n.nspname <> 'information_schema'
  AND ($1::text[] IS NULL OR n.nspname = ANY ($1::text[]))
  AND NOT EXISTS (
      SELECT 1 FROM pg_catalog.pg_depend x
      WHERE x.classid = 'pg_catalog.pg_conversion'::pg_catalog.regclass
        AND x.objid = c.oid AND x.deptype = 'e')
ORDER BY c.oid
