-- The operators (pg_amop) and support functions (pg_amproc) written with each operator
-- class and family, as pg_dump picks them: those tied to it by a pg_depend row. An operator
-- class gets the operators of its own family that depend on it and every function that
-- does; a family gets its "loose" members (added with ALTER OPERATOR FAMILY ... ADD, and the
-- optional support functions of its classes). Minimum server version: 13 (unchanged up to
-- 18).
-- Returns one row per member: owner_classid (pg_opclass or pg_opfamily), owner_oid, member
-- ('o' operator, 'p' function), number (amopstrategy / amprocnum), object (regoperator /
-- regprocedure text), sort_schema / sort_family (an ORDER BY operator's amopsortfamily,
-- NULL otherwise), left_type / right_type (a function's amproclefttype / amprocrighttype
-- as regtype text, NULL for operators); by owner, kind, number, then the member's OID.
-- Only members of user classes and families (OID 16384 and above); the reader keeps those
-- of the classes and families it dumps.
SELECT d.refclassid AS owner_classid,
       d.refobjid AS owner_oid,
       'o'::pg_catalog.text AS member,
       ao.amopstrategy AS number,
       ao.amopopr::pg_catalog.regoperator::pg_catalog.text AS object,
       sn.nspname::pg_catalog.text AS sort_schema,
       sf.opfname::pg_catalog.text AS sort_family,
       NULL::pg_catalog.text AS left_type,
       NULL::pg_catalog.text AS right_type,
       ao.oid AS member_oid
FROM pg_catalog.pg_amop ao
JOIN pg_catalog.pg_depend d
  ON d.classid = 'pg_catalog.pg_amop'::pg_catalog.regclass AND d.objid = ao.oid
LEFT JOIN pg_catalog.pg_opclass oc
  ON d.refclassid = 'pg_catalog.pg_opclass'::pg_catalog.regclass AND oc.oid = d.refobjid
LEFT JOIN pg_catalog.pg_opfamily sf ON sf.oid = ao.amopsortfamily
LEFT JOIN pg_catalog.pg_namespace sn ON sn.oid = sf.opfnamespace
WHERE d.refobjid >= 16384
  AND ((d.refclassid = 'pg_catalog.pg_opclass'::pg_catalog.regclass
        AND ao.amopfamily = oc.opcfamily)
       OR (d.refclassid = 'pg_catalog.pg_opfamily'::pg_catalog.regclass
           AND ao.amopfamily = d.refobjid))
UNION ALL
SELECT d.refclassid,
       d.refobjid,
       'p'::pg_catalog.text,
       ap.amprocnum,
       ap.amproc::pg_catalog.regprocedure::pg_catalog.text,
       NULL::pg_catalog.text,
       NULL::pg_catalog.text,
       ap.amproclefttype::pg_catalog.regtype::pg_catalog.text,
       ap.amprocrighttype::pg_catalog.regtype::pg_catalog.text,
       ap.oid
FROM pg_catalog.pg_amproc ap
JOIN pg_catalog.pg_depend d
  ON d.classid = 'pg_catalog.pg_amproc'::pg_catalog.regclass AND d.objid = ap.oid
WHERE d.refobjid >= 16384
  AND d.refclassid IN ('pg_catalog.pg_opclass'::pg_catalog.regclass,
                       'pg_catalog.pg_opfamily'::pg_catalog.regclass)
ORDER BY 1, 2, 3, 4, 10
