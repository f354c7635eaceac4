-- Dependencies between objects, as pg_dump reads them. Minimum server version: 13.
-- Returns: classid, objid, refclassid, refobjid, deptype (sub-object ids dropped), leaving
-- out pin ('p') and extension-membership ('e') rows and rows on built-in objects.
-- The members of operator families (pg_amop, pg_amproc) are not objects of their own: as
-- pg_dump does, their dependencies are returned as their family's, except the internal ones
-- (on their operator class) and those on their own family.
SELECT DISTINCT d.classid, d.objid, d.refclassid, d.refobjid, d.deptype::text AS deptype
FROM pg_catalog.pg_depend d
WHERE d.deptype NOT IN ('p', 'e')
  AND d.objid >= 16384
UNION
SELECT 'pg_catalog.pg_opfamily'::pg_catalog.regclass::pg_catalog.oid, o.amopfamily,
       d.refclassid, d.refobjid, d.deptype::text
FROM pg_catalog.pg_depend d
JOIN pg_catalog.pg_amop o ON o.oid = d.objid
WHERE d.classid = 'pg_catalog.pg_amop'::pg_catalog.regclass
  AND d.deptype NOT IN ('p', 'e', 'i')
  AND d.objid >= 16384
  AND NOT (d.refclassid = 'pg_catalog.pg_opfamily'::pg_catalog.regclass
           AND d.refobjid = o.amopfamily)
UNION
SELECT 'pg_catalog.pg_opfamily'::pg_catalog.regclass::pg_catalog.oid, p.amprocfamily,
       d.refclassid, d.refobjid, d.deptype::text
FROM pg_catalog.pg_depend d
JOIN pg_catalog.pg_amproc p ON p.oid = d.objid
WHERE d.classid = 'pg_catalog.pg_amproc'::pg_catalog.regclass
  AND d.deptype NOT IN ('p', 'e', 'i')
  AND d.objid >= 16384
  AND NOT (d.refclassid = 'pg_catalog.pg_opfamily'::pg_catalog.regclass
           AND d.refobjid = p.amprocfamily)
ORDER BY 1, 2, 3, 4, 5
