-- Extensions. Minimum server version: 13.
-- Returns: oid, name, schema (the extension's schema name), builtin (OID below 16384:
-- created by initdb, as plpgsql; pg_dump never dumps it, but dumps the changed privileges of
-- its members whatever the selection).
-- $1: text[] of schema names to keep, NULL for all.
SELECT e.oid,
       e.extname AS name,
       n.nspname AS schema,
       e.oid < 16384 AS builtin
FROM pg_catalog.pg_extension e
JOIN pg_catalog.pg_namespace n ON n.oid = e.extnamespace
WHERE $1::text[] IS NULL OR n.nspname = ANY ($1::text[])
ORDER BY e.extname
