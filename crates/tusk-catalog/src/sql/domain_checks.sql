-- CHECK constraints of domains. Minimum server version: 13.
-- Returns: typid, oid, name, definition (pg_get_constraintdef), validated; ordered by domain
-- and name. Only contype 'c': the NOT NULL rows that servers 17+ also keep in pg_constraint
-- are dumped from typnotnull, as pg_dump 15 does.
-- $1: oid[] of the domains.
SELECT c.contypid AS typid,
       c.oid,
       c.conname AS name,
       pg_catalog.pg_get_constraintdef(c.oid) AS definition,
       c.convalidated AS validated
FROM pg_catalog.pg_constraint c
WHERE c.contypid = ANY ($1::pg_catalog.oid[])
  AND c.contype = 'c'
ORDER BY c.contypid, c.conname
