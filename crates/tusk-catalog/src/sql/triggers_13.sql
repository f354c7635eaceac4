-- Triggers of the relations dumped. Minimum server version: 13 (15+ uses triggers_15.sql).
-- Returns: oid, relid, name, definition (pg_get_triggerdef, not pretty), enabled
-- (tgenabled), is_partition (a clone of a partitioned table's trigger, dumped only as an
-- ENABLE/DISABLE when its state differs from its parent's), ordered by relation and name.
-- On 13 and 14 clones are tgisinternal, as pg_dump 15 reads them.
-- $1: oid[] of the relations.
SELECT t.oid,
       t.tgrelid AS relid,
       t.tgname AS name,
       pg_catalog.pg_get_triggerdef(t.oid, false) AS definition,
       t.tgenabled::text AS enabled,
       t.tgisinternal AS is_partition
FROM pg_catalog.pg_trigger t
LEFT JOIN pg_catalog.pg_trigger u ON u.oid = t.tgparentid
WHERE t.tgrelid = ANY ($1::pg_catalog.oid[])
  AND (NOT t.tgisinternal OR t.tgenabled <> u.tgenabled)
ORDER BY t.tgrelid, t.tgname
