-- Attributes of stand-alone composite types. Minimum server version: 13.
-- Returns: typid, attnum, name, type_name (format_type), dropped, collation_schema /
-- collation_name (only when the attribute's collation differs from its type's); ordered by
-- type and attnum.
-- $1: oid[] of the composite types.
SELECT t.oid AS typid,
       a.attnum,
       a.attname AS name,
       pg_catalog.format_type(a.atttypid, a.atttypmod) AS type_name,
       a.attisdropped AS dropped,
       cn.nspname::text AS collation_schema,
       co.collname::text AS collation_name
FROM pg_catalog.pg_type t
JOIN pg_catalog.pg_attribute a ON a.attrelid = t.typrelid
LEFT JOIN pg_catalog.pg_type at ON at.oid = a.atttypid
LEFT JOIN pg_catalog.pg_collation co
       ON co.oid = a.attcollation AND a.attcollation <> at.typcollation
LEFT JOIN pg_catalog.pg_namespace cn ON cn.oid = co.collnamespace
WHERE t.oid = ANY ($1::pg_catalog.oid[])
  AND a.attnum > 0
ORDER BY t.oid, a.attnum
