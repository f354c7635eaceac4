-- Objects that belong to an extension (never dumped themselves). Minimum server version: 13.
-- Returns: classid, objid, extension (oid of the extension).
SELECT d.classid, d.objid, d.refobjid AS extension
FROM pg_catalog.pg_depend d
WHERE d.deptype = 'e'
  AND d.refclassid = 'pg_catalog.pg_extension'::pg_catalog.regclass
ORDER BY d.classid, d.objid, d.refobjid
