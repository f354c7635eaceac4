-- Functions and procedures to dump (not aggregates). Minimum server version: 13 (no SQL-standard bodies; 14+ uses functions_14.sql).
-- Returns one row per function: oid, schema, name, owner, kind (prokind), lang, retset,
-- src, bin, sqlbody, args (pg_get_function_arguments), identity_args, result
-- (pg_get_function_result, NULL for procedures), transform_types (format_type of
-- protrftypes), volatility, strict, security_definer, leakproof, config (proconfig),
-- cost / rows (text), support (regproc text, '-' when none), parallel, and for each input
-- argument type: arg_types (format_type), arg_type_schemas / arg_type_names (for the sort).
-- Leaves out aggregates, functions internally dependent on another object (range
-- constructors), system schemas and extension members.
-- $1: text[] of schema names to keep, NULL for all.
SELECT p.oid,
       n.nspname AS schema,
       p.proname AS name,
       pg_catalog.pg_get_userbyid(p.proowner) AS owner,
       p.prokind::text AS kind,
       l.lanname::text AS lang,
       p.proretset AS retset,
       p.prosrc AS src,
       COALESCE(p.probin, '') AS bin,
       NULL::text AS sqlbody,
       pg_catalog.pg_get_function_arguments(p.oid) AS args,
       pg_catalog.pg_get_function_identity_arguments(p.oid) AS identity_args,
       pg_catalog.pg_get_function_result(p.oid) AS result,
       ARRAY(SELECT pg_catalog.format_type(t.oid, NULL)
             FROM pg_catalog.unnest(COALESCE(p.protrftypes, '{}')) WITH ORDINALITY AS t (oid, k)
             ORDER BY t.k) AS transform_types,
       p.provolatile::text AS volatility,
       p.proisstrict AS strict,
       p.prosecdef AS security_definer,
       p.proleakproof AS leakproof,
       COALESCE(p.proconfig, '{}') AS config,
       p.procost::text AS cost,
       p.prorows::text AS rows,
       p.prosupport::pg_catalog.regproc::text AS support,
       p.proparallel::text AS parallel,
       ARRAY(SELECT pg_catalog.format_type(a.oid, NULL)
             FROM pg_catalog.unnest(p.proargtypes::pg_catalog.oid[]) WITH ORDINALITY AS a (oid, k)
             ORDER BY a.k) AS arg_types,
       ARRAY(SELECT tn.nspname::text
             FROM pg_catalog.unnest(p.proargtypes::pg_catalog.oid[]) WITH ORDINALITY AS a (oid, k)
             JOIN pg_catalog.pg_type t ON t.oid = a.oid
             JOIN pg_catalog.pg_namespace tn ON tn.oid = t.typnamespace
             ORDER BY a.k) AS arg_type_schemas,
       ARRAY(SELECT t.typname::text
             FROM pg_catalog.unnest(p.proargtypes::pg_catalog.oid[]) WITH ORDINALITY AS a (oid, k)
             JOIN pg_catalog.pg_type t ON t.oid = a.oid
             ORDER BY a.k) AS arg_type_names
FROM pg_catalog.pg_proc p
JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace
JOIN pg_catalog.pg_language l ON l.oid = p.prolang
WHERE p.prokind <> 'a'
  AND n.nspname !~ '^pg_'
  AND n.nspname <> 'information_schema'
  AND ($1::text[] IS NULL OR n.nspname = ANY ($1::text[]))
  AND NOT EXISTS (
      SELECT 1 FROM pg_catalog.pg_depend x
      WHERE x.classid = 'pg_catalog.pg_proc'::pg_catalog.regclass
        AND x.objid = p.oid AND x.deptype IN ('e', 'i'))
ORDER BY p.oid
