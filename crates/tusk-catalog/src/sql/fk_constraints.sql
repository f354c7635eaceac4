-- Foreign keys of the given tables, except those cloned from a partitioned parent.
-- Minimum server version: 13.
-- Returns: oid, relid, name, definition (pg_get_constraintdef).
-- $1: oid[] of the tables.
SELECT c.oid, c.conrelid AS relid, c.conname AS name,
       pg_catalog.pg_get_constraintdef(c.oid) AS definition
FROM pg_catalog.pg_constraint c
WHERE c.conrelid = ANY ($1::pg_catalog.oid[])
  AND c.contype = 'f'
  AND c.conparentid = 0
ORDER BY c.conrelid, c.conname
