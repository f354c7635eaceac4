-- Triggers of the relations dumped. Minimum server version: 15.
-- Returns: oid, relid, name, definition (pg_get_triggerdef, not pretty), enabled
-- (tgenabled), is_partition (tgparentid <> 0: a clone of a partitioned table's trigger,
-- dumped only as an ENABLE/DISABLE when its state differs from its parent's), ordered by
-- relation and name.
-- $1: oid[] of the relations.
SELECT t.oid,
       t.tgrelid AS relid,
       t.tgname AS name,
       pg_catalog.pg_get_triggerdef(t.oid, false) AS definition,
       t.tgenabled::text AS enabled,
       t.tgparentid <> 0 AS is_partition
FROM pg_catalog.pg_trigger t
LEFT JOIN pg_catalog.pg_trigger u ON u.oid = t.tgparentid
WHERE t.tgrelid = ANY ($1::pg_catalog.oid[])
  AND ((NOT t.tgisinternal AND t.tgparentid = 0) OR t.tgenabled <> u.tgenabled)
ORDER BY t.tgrelid, t.tgname
