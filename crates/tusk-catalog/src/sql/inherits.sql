-- Inheritance parents of the given relations. Minimum server version: 13.
-- Returns: child (oid), parent (oid), in inhseqno order per child.
-- $1: oid[] of the relations read by tables.sql.
SELECT i.inhrelid AS child, i.inhparent AS parent
FROM pg_catalog.pg_inherits i
WHERE i.inhrelid = ANY ($1::pg_catalog.oid[])
ORDER BY i.inhrelid, i.inhseqno
