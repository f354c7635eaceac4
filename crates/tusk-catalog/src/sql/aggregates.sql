-- Aggregates to dump. Minimum server version: 13.
-- Returns one row per aggregate: oid, schema, name, owner, args / identity_args
-- (pg_get_function_arguments / _identity_arguments), arg_types / arg_type_schemas /
-- arg_type_names (input argument types, as for functions), kind (aggkind), the
-- support functions as regproc text ('-' when none: transfn, finalfn, combinefn, serialfn,
-- deserialfn, mtransfn, minvtransfn, mfinalfn), transtype / mtranstype (regtype text, NULL
-- when none), transspace / mtransspace (text), initval / minitval, finalextra /
-- mfinalextra, finalmodify / mfinalmodify, sortop_schema / sortop_name, parallel.
-- Leaves out system schemas and extension members.
-- $1: text[] of schema names to keep, NULL for all.
SELECT p.oid,
       n.nspname AS schema,
       p.proname AS name,
       pg_catalog.pg_get_userbyid(p.proowner) AS owner,
       pg_catalog.pg_get_function_arguments(p.oid) AS args,
       pg_catalog.pg_get_function_identity_arguments(p.oid) AS identity_args,
       ARRAY(SELECT pg_catalog.format_type(x.oid, NULL)
             FROM pg_catalog.unnest(p.proargtypes::pg_catalog.oid[]) WITH ORDINALITY AS x (oid, k)
             ORDER BY x.k) AS arg_types,
       ARRAY(SELECT tn.nspname::text
             FROM pg_catalog.unnest(p.proargtypes::pg_catalog.oid[]) WITH ORDINALITY AS x (oid, k)
             JOIN pg_catalog.pg_type t ON t.oid = x.oid
             JOIN pg_catalog.pg_namespace tn ON tn.oid = t.typnamespace
             ORDER BY x.k) AS arg_type_schemas,
       ARRAY(SELECT t.typname::text
             FROM pg_catalog.unnest(p.proargtypes::pg_catalog.oid[]) WITH ORDINALITY AS x (oid, k)
             JOIN pg_catalog.pg_type t ON t.oid = x.oid
             ORDER BY x.k) AS arg_type_names,
       a.aggkind::text AS kind,
       a.aggtransfn::text AS transfn,
       a.aggfinalfn::text AS finalfn,
       a.aggcombinefn::text AS combinefn,
       a.aggserialfn::text AS serialfn,
       a.aggdeserialfn::text AS deserialfn,
       a.aggmtransfn::text AS mtransfn,
       a.aggminvtransfn::text AS minvtransfn,
       a.aggmfinalfn::text AS mfinalfn,
       a.aggtranstype::pg_catalog.regtype::text AS transtype,
       CASE WHEN a.aggmtranstype <> 0
            THEN a.aggmtranstype::pg_catalog.regtype::text END AS mtranstype,
       a.aggtransspace::text AS transspace,
       a.aggmtransspace::text AS mtransspace,
       a.agginitval AS initval,
       a.aggminitval AS minitval,
       a.aggfinalextra AS finalextra,
       a.aggmfinalextra AS mfinalextra,
       a.aggfinalmodify::text AS finalmodify,
       a.aggmfinalmodify::text AS mfinalmodify,
       opn.nspname::text AS sortop_schema,
       o.oprname::text AS sortop_name,
       p.proparallel::text AS parallel
FROM pg_catalog.pg_aggregate a
JOIN pg_catalog.pg_proc p ON p.oid = a.aggfnoid
JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace
LEFT JOIN pg_catalog.pg_operator o ON o.oid = a.aggsortop
LEFT JOIN pg_catalog.pg_namespace opn ON opn.oid = o.oprnamespace
WHERE n.nspname !~ '^pg_'
  AND n.nspname <> 'information_schema'
  AND ($1::text[] IS NULL OR n.nspname = ANY ($1::text[]))
  AND NOT EXISTS (
      SELECT 1 FROM pg_catalog.pg_depend x
      WHERE x.classid = 'pg_catalog.pg_proc'::pg_catalog.regclass
        AND x.objid = p.oid AND x.deptype = 'e')
ORDER BY p.oid
