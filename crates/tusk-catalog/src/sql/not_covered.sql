-- Objects this crate does not dump yet, so that the dump can warn about each of them.
-- Minimum server version: 13.
-- Returns: kind (pg_dump's word for it), schema (NULL for database-wide objects), name.
-- Extension members and built-in objects (OID below 16384) are left out. Every kind of
-- object is dumped now (types.sql, functions_*.sql, ... and, for the privileges of objects in
-- pg_catalog and of extension members and the extensions' configuration tables,
-- partial_objects.sql; for a user who is not a superuser the subscriptions are reported by
-- the catalog reader itself, from subscription_names.sql; large objects are read by the
-- dump engine) except security labels, listed here. The query never reads a catalog that
-- grows with the data (pg_largeobject_metadata). No parameter: security labels are found
-- through pg_seclabel, whatever the schemas read.
WITH members AS (
    SELECT d.classid, d.objid FROM pg_catalog.pg_depend d WHERE d.deptype = 'e'
),
found (kind, schema, name, classid, objid) AS (
    SELECT 'SECURITY LABEL', NULL, sl.provider || ' ' || sl.classoid::pg_catalog.regclass::text
                                   || ' ' || sl.objoid::text,
           sl.classoid, sl.objoid
    FROM pg_catalog.pg_seclabel sl
)
SELECT f.kind, f.schema::text AS schema, f.name
FROM found f
WHERE f.objid >= 16384
  AND NOT EXISTS (SELECT 1 FROM members m WHERE m.classid = f.classid AND m.objid = f.objid)
ORDER BY f.kind, f.schema NULLS FIRST, f.name
