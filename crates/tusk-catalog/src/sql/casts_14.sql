-- Casts to dump. Server 14 and later (unchanged up to 18): the casts from a range type to
-- its multirange type, which CREATE TYPE makes, are left out (13 has no multirange types:
-- casts_13.sql).
-- Returns one row per cast: oid, source / target (format_type), source_name / target_name
-- (the types' pg_type names, for the sort), method (castmethod: 'f' function, 'i' inout,
-- 'b' binary), context (castcontext: 'e' explicit, 'a' assignment, 'i' implicit), and the
-- cast function's function_schema / function_name (NULL when none) and function_args
-- (format_type of each argument type).
-- Only the user's casts, as pg_dump: OID 16384 and above, not extension members.
SELECT c.oid,
       pg_catalog.format_type(c.castsource, NULL) AS source,
       pg_catalog.format_type(c.casttarget, NULL) AS target,
       st.typname AS source_name,
       tt.typname AS target_name,
       c.castmethod::text AS method,
       c.castcontext::text AS context,
       fn.nspname AS function_schema,
       f.proname AS function_name,
       ARRAY(SELECT pg_catalog.format_type(a.oid, NULL)
             FROM pg_catalog.unnest(f.proargtypes::pg_catalog.oid[]) WITH ORDINALITY AS a (oid, k)
             ORDER BY a.k) AS function_args
FROM pg_catalog.pg_cast c
JOIN pg_catalog.pg_type st ON st.oid = c.castsource
JOIN pg_catalog.pg_type tt ON tt.oid = c.casttarget
LEFT JOIN pg_catalog.pg_proc f ON f.oid = c.castfunc
LEFT JOIN pg_catalog.pg_namespace fn ON fn.oid = f.pronamespace
WHERE c.oid >= 16384
  AND NOT EXISTS (
      SELECT 1 FROM pg_catalog.pg_range r
      WHERE r.rngtypid = c.castsource AND r.rngmultitypid = c.casttarget)
  AND NOT EXISTS (
      SELECT 1 FROM pg_catalog.pg_depend x
      WHERE x.classid = 'pg_catalog.pg_cast'::pg_catalog.regclass
        AND x.objid = c.oid AND x.deptype = 'e')
ORDER BY c.oid
