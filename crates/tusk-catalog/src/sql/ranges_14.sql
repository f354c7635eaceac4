-- Details of range types. Minimum server version: 14 (rngmultitypid).
-- Returns: typid, subtype (format_type), multirange (format_type of the multirange type,
-- NULL before 14), opclass_schema / opclass_name / opclass_default (the subtype operator
-- class), collation_schema / collation_name (only when it differs from the subtype's),
-- canonical and subdiff (regproc text, '-' when none).
-- $1: oid[] of the range types.
SELECT r.rngtypid AS typid,
       pg_catalog.format_type(r.rngsubtype, NULL) AS subtype,
       pg_catalog.format_type(r.rngmultitypid, NULL) AS multirange,
       opn.nspname::text AS opclass_schema,
       opc.opcname::text AS opclass_name,
       opc.opcdefault AS opclass_default,
       cn.nspname::text AS collation_schema,
       co.collname::text AS collation_name,
       r.rngcanonical::pg_catalog.text AS canonical,
       r.rngsubdiff::pg_catalog.text AS subdiff
FROM pg_catalog.pg_range r
JOIN pg_catalog.pg_type st ON st.oid = r.rngsubtype
JOIN pg_catalog.pg_opclass opc ON opc.oid = r.rngsubopc
JOIN pg_catalog.pg_namespace opn ON opn.oid = opc.opcnamespace
LEFT JOIN pg_catalog.pg_collation co
       ON co.oid = r.rngcollation AND r.rngcollation <> st.typcollation
LEFT JOIN pg_catalog.pg_namespace cn ON cn.oid = co.collnamespace
WHERE r.rngtypid = ANY ($1::pg_catalog.oid[])
ORDER BY r.rngtypid
