-- CHECK constraints of the given tables, and their NOT VALID NOT NULL constraints (servers
-- 18+ keep NOT NULL constraints in pg_constraint; a NOT VALID one is dumped apart, after the
-- data, as a NOT VALID CHECK constraint is). Minimum server version: 13 (no such NOT NULL
-- rows before 18).
-- Returns: oid, relid, name, definition (pg_get_constraintdef), is_local, validated,
-- not_null (contype 'n').
-- $1: oid[] of the tables.
SELECT c.oid, c.conrelid AS relid, c.conname AS name,
       pg_catalog.pg_get_constraintdef(c.oid) AS definition,
       c.conislocal AS is_local, c.convalidated AS validated,
       c.contype = 'n' AS not_null
FROM pg_catalog.pg_constraint c
WHERE c.conrelid = ANY ($1::pg_catalog.oid[])
  AND (c.contype = 'c' OR (c.contype = 'n' AND NOT c.convalidated))
ORDER BY c.conrelid, c.conname
