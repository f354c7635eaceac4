-- Extensions to dump. Minimum server version: 13.
-- Returns: oid, name, schema (the extension's schema name).
-- Built-in extensions (plpgsql, OID below 16384) are left out, as pg_dump does.
-- $1: text[] of schema names to keep, NULL for all.
SELECT e.oid,
       e.extname AS name,
       n.nspname AS schema
FROM pg_catalog.pg_extension e
JOIN pg_catalog.pg_namespace n ON n.oid = e.extnamespace
WHERE e.oid >= 16384
  AND ($1::text[] IS NULL OR n.nspname = ANY ($1::text[]))
ORDER BY e.extname
