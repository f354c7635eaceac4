-- Casts to dump. Server 13 (no multirange types; 14 and later: casts_14.sql).
-- Returns the columns of casts_14.sql: oid, source / target (format_type), source_name /
-- target_name (the types' pg_type names, for the sort), method (castmethod), context
-- (castcontext), function_schema / function_name (NULL when none), function_args.
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
      SELECT 1 FROM pg_catalog.pg_depend x
      WHERE x.classid = 'pg_catalog.pg_cast'::pg_catalog.regclass
        AND x.objid = c.oid AND x.deptype = 'e')
ORDER BY c.oid
