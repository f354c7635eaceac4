-- Column defaults and generation expressions. Minimum server version: 13.
-- Returns: oid, relid, attnum, expr (pg_get_expr of adbin).
-- $1: oid[] of the relations.
SELECT d.oid, d.adrelid AS relid, d.adnum AS attnum,
       pg_catalog.pg_get_expr(d.adbin, d.adrelid) AS expr
FROM pg_catalog.pg_attrdef d
WHERE d.adrelid = ANY ($1::pg_catalog.oid[])
ORDER BY d.adrelid, d.adnum
