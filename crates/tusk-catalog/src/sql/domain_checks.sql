-- CHECK constraints of domains, and their NOT NULL constraint (a pg_constraint row from
-- server 17 on; before, typnotnull alone, read by types.sql). Minimum server version: 13.
-- Returns: typid, oid, name, definition (pg_get_constraintdef), validated, not_null
-- (contype 'n'); ordered by domain and name.
-- $1: oid[] of the domains.
SELECT c.contypid AS typid,
       c.oid,
       c.conname AS name,
       pg_catalog.pg_get_constraintdef(c.oid) AS definition,
       c.convalidated AS validated,
       c.contype = 'n' AS not_null
FROM pg_catalog.pg_constraint c
WHERE c.contypid = ANY ($1::pg_catalog.oid[])
  AND c.contype IN ('c', 'n')
ORDER BY c.contypid, c.conname
