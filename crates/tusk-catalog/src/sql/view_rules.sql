-- The ON SELECT rules (`_RETURN`) of views and materialized views: their pg_depend rows
-- carry the view's dependencies. Minimum server version: 13.
-- Returns: oid, relid (the view), name; ordered by OID. Other rules are not read yet.
-- $1: oid[] of the views and materialized views.
SELECT r.oid, r.ev_class AS relid, r.rulename AS name
FROM pg_catalog.pg_rewrite r
WHERE r.ev_class = ANY ($1::pg_catalog.oid[])
  AND r.ev_type = '1' AND r.is_instead
ORDER BY r.oid
