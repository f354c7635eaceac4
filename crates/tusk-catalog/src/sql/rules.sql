-- Rules of the relations dumped, other than the ON SELECT rules of views (view_rules.sql).
-- Minimum server version: 13.
-- Returns: oid, relid, name, definition (pg_get_ruledef, not pretty), enabled (ev_enabled),
-- ordered by OID.
-- $1: oid[] of the relations.
SELECT r.oid,
       r.ev_class AS relid,
       r.rulename AS name,
       pg_catalog.pg_get_ruledef(r.oid) AS definition,
       r.ev_enabled::text AS enabled
FROM pg_catalog.pg_rewrite r
JOIN pg_catalog.pg_class c ON c.oid = r.ev_class
WHERE r.ev_class = ANY ($1::pg_catalog.oid[])
  AND NOT (c.relkind IN ('v', 'm') AND r.ev_type = '1' AND r.is_instead)
ORDER BY r.oid
