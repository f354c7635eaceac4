-- Dependencies between objects, as pg_dump reads them. Minimum server version: 13.
-- Returns: classid, objid, refclassid, refobjid, deptype (sub-object ids dropped), leaving
-- out pin ('p') and extension-membership ('e') rows and rows on built-in objects.
SELECT DISTINCT d.classid, d.objid, d.refclassid, d.refobjid, d.deptype::text AS deptype
FROM pg_catalog.pg_depend d
WHERE d.deptype NOT IN ('p', 'e')
  AND d.objid >= 16384
ORDER BY 1, 2, 3, 4, 5
