-- CHECK constraints of the given tables. Minimum server version: 13.
-- Returns: oid, relid, name, definition (pg_get_constraintdef), is_local, validated.
-- $1: oid[] of the tables.
SELECT c.oid, c.conrelid AS relid, c.conname AS name,
       pg_catalog.pg_get_constraintdef(c.oid) AS definition,
       c.conislocal AS is_local, c.convalidated AS validated
FROM pg_catalog.pg_constraint c
WHERE c.conrelid = ANY ($1::pg_catalog.oid[])
  AND c.contype = 'c'
ORDER BY c.conrelid, c.conname
