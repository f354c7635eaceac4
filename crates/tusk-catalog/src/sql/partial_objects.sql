-- Objects of which pg_dump dumps only a part. Minimum server version: 13 (unchanged up to 18).
-- 1. Objects in pg_catalog and extension members whose privileges differ from their initial
--    ones (pg_init_privs, else the built-in default): only their GRANT/REVOKE commands are
--    dumped. Kinds with privileges: schemas, relations (and their columns), functions,
--    procedures and aggregates, types (not arrays, multiranges or table row types),
--    trusted procedural languages, foreign-data wrappers and servers.
-- 2. The configuration tables and sequences of extensions (pg_extension_config_dump): their
--    data is dumped (a table's rows that match its extension's condition).
-- Returns one row per object (subid 0) and one per column whose privileges differ (subid,
-- name the column's; acl NULL when the catalog holds NULL): classid, objid, subid, kind
-- ('n' schema, 'r' relation, 'f' function, 'p' procedure, 'a' aggregate, 'T' type, 'l'
-- language, 'F' foreign-data wrapper, 'S' foreign server), relkind, schema_oid / schema (NULL
-- outside schemas), name, owner, identity_args (functions), arg_types (format_type of the
-- input argument types), arg_type_schemas / arg_type_names (for the sort), extension (the
-- owning extension's OID, NULL for none), acl (text[]), acldefault (text[]; '{}' for
-- columns, as pg_dump hard-wires it), initprivs (text[], NULL for none), config_condition
-- (the extension's condition, '' for none; NULL for an object that is no configuration
-- table or sequence), config_columns (the columns COPY writes, attnum order),
-- config_references (the extension members a configuration table references by foreign
-- keys). Ordered by classid, objid, subid.
-- Leaves out objects of other system schemas (information_schema) unless extension members.
WITH members AS (
    SELECT d.classid, d.objid, d.refobjid AS extension
    FROM pg_catalog.pg_depend d
    WHERE d.deptype = 'e'
      AND d.refclassid = 'pg_catalog.pg_extension'::pg_catalog.regclass
),
config AS (
    SELECT x.relid, x.cond AS condition
    FROM pg_catalog.pg_extension e,
         LATERAL ROWS FROM (pg_catalog.unnest(e.extconfig), pg_catalog.unnest(e.extcondition))
             AS x (relid, cond)
),
-- Relations whose privileges or columns' privileges changed, or configuration tables.
rel AS (
    SELECT c.oid, c.relkind, c.relname, c.relnamespace, c.relowner, c.relacl,
           pg_catalog.acldefault(CASE WHEN c.relkind = 'S' THEN 's' ELSE 'r' END::"char",
                                 c.relowner) AS acldefault,
           ip.initprivs, m.extension, cf.condition
    FROM pg_catalog.pg_class c
    JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
    LEFT JOIN members m
           ON m.classid = 'pg_catalog.pg_class'::pg_catalog.regclass AND m.objid = c.oid
    LEFT JOIN pg_catalog.pg_init_privs ip
           ON ip.classoid = 'pg_catalog.pg_class'::pg_catalog.regclass
          AND ip.objoid = c.oid AND ip.objsubid = 0
    LEFT JOIN config cf ON cf.relid = c.oid AND m.extension IS NOT NULL
    WHERE c.relkind IN ('r', 'p', 'S', 'v', 'm', 'f')
      AND (m.extension IS NOT NULL OR n.nspname = 'pg_catalog')
      AND (cf.relid IS NOT NULL
           OR (c.relacl IS NOT NULL
               AND c.relacl IS DISTINCT FROM COALESCE(ip.initprivs,
                   pg_catalog.acldefault(CASE WHEN c.relkind = 'S' THEN 's' ELSE 'r' END::"char",
                                         c.relowner)))
           OR EXISTS (
               SELECT 1 FROM pg_catalog.pg_attribute a
               LEFT JOIN pg_catalog.pg_init_privs cip
                      ON cip.classoid = 'pg_catalog.pg_class'::pg_catalog.regclass
                     AND cip.objoid = a.attrelid AND cip.objsubid = a.attnum
               WHERE a.attrelid = c.oid AND NOT a.attisdropped
                 AND COALESCE(a.attacl, '{}') IS DISTINCT FROM COALESCE(cip.initprivs, '{}')))
),
func AS (
    SELECT p.oid, p.prokind, p.proname, p.pronamespace, p.proowner, p.proacl, p.proargtypes,
           ip.initprivs, m.extension
    FROM pg_catalog.pg_proc p
    JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace
    LEFT JOIN members m
           ON m.classid = 'pg_catalog.pg_proc'::pg_catalog.regclass AND m.objid = p.oid
    LEFT JOIN pg_catalog.pg_init_privs ip
           ON ip.classoid = 'pg_catalog.pg_proc'::pg_catalog.regclass
          AND ip.objoid = p.oid AND ip.objsubid = 0
    WHERE (m.extension IS NOT NULL OR n.nspname = 'pg_catalog')
      AND p.proacl IS NOT NULL
      AND p.proacl IS DISTINCT FROM COALESCE(ip.initprivs,
                                             pg_catalog.acldefault('f', p.proowner))
      AND NOT EXISTS (
          SELECT 1 FROM pg_catalog.pg_depend i
          WHERE i.classid = 'pg_catalog.pg_proc'::pg_catalog.regclass
            AND i.objid = p.oid AND i.deptype = 'i')
)
SELECT 'pg_catalog.pg_class'::pg_catalog.regclass::pg_catalog.oid AS classid, r.oid AS objid,
       0 AS subid, 'r' AS kind, r.relkind::text AS relkind, n.oid AS schema_oid,
       n.nspname::text AS schema, r.relname::text AS name,
       pg_catalog.pg_get_userbyid(r.relowner)::text AS owner, NULL::text AS identity_args,
       '{}'::text[] AS arg_types, '{}'::text[] AS arg_type_schemas,
       '{}'::text[] AS arg_type_names, r.extension,
       r.relacl::text[] AS acl, r.acldefault::text[] AS acldefault,
       r.initprivs::text[] AS initprivs,
       r.condition AS config_condition,
       CASE WHEN r.condition IS NOT NULL THEN
           ARRAY(SELECT a.attname::text FROM pg_catalog.pg_attribute a
                 WHERE a.attrelid = r.oid AND a.attnum > 0 AND NOT a.attisdropped
                   AND a.attgenerated = ''
                 ORDER BY a.attnum)
       ELSE '{}'::text[] END AS config_columns,
       CASE WHEN r.condition IS NOT NULL THEN
           ARRAY(SELECT DISTINCT con.confrelid FROM pg_catalog.pg_constraint con
                 JOIN members fm
                   ON fm.classid = 'pg_catalog.pg_class'::pg_catalog.regclass
                  AND fm.objid = con.confrelid
                 WHERE con.contype = 'f' AND con.conrelid = r.oid
                 ORDER BY 1)
       ELSE '{}'::pg_catalog.oid[] END AS config_references
FROM rel r
JOIN pg_catalog.pg_namespace n ON n.oid = r.relnamespace
UNION ALL
SELECT 'pg_catalog.pg_class'::pg_catalog.regclass::pg_catalog.oid, r.oid, a.attnum, 'r',
       r.relkind::text, n.oid, n.nspname::text, a.attname::text,
       pg_catalog.pg_get_userbyid(r.relowner)::text, NULL, '{}', '{}', '{}', r.extension,
       a.attacl::text[], '{}'::text[], cip.initprivs::text[], NULL, '{}', '{}'
FROM rel r
JOIN pg_catalog.pg_namespace n ON n.oid = r.relnamespace
JOIN pg_catalog.pg_attribute a ON a.attrelid = r.oid AND NOT a.attisdropped
LEFT JOIN pg_catalog.pg_init_privs cip
       ON cip.classoid = 'pg_catalog.pg_class'::pg_catalog.regclass
      AND cip.objoid = a.attrelid AND cip.objsubid = a.attnum
WHERE COALESCE(a.attacl, '{}') IS DISTINCT FROM COALESCE(cip.initprivs, '{}')
UNION ALL
SELECT 'pg_catalog.pg_proc'::pg_catalog.regclass::pg_catalog.oid, f.oid, 0,
       CASE f.prokind WHEN 'a' THEN 'a' WHEN 'p' THEN 'p' ELSE 'f' END, NULL, n.oid,
       n.nspname::text, f.proname::text, pg_catalog.pg_get_userbyid(f.proowner)::text,
       pg_catalog.pg_get_function_identity_arguments(f.oid),
       ARRAY(SELECT pg_catalog.format_type(a.oid, NULL)
             FROM pg_catalog.unnest(f.proargtypes::pg_catalog.oid[]) WITH ORDINALITY AS a (oid, k)
             ORDER BY a.k),
       ARRAY(SELECT tn.nspname::text
             FROM pg_catalog.unnest(f.proargtypes::pg_catalog.oid[]) WITH ORDINALITY AS a (oid, k)
             JOIN pg_catalog.pg_type t ON t.oid = a.oid
             JOIN pg_catalog.pg_namespace tn ON tn.oid = t.typnamespace
             ORDER BY a.k),
       ARRAY(SELECT t.typname::text
             FROM pg_catalog.unnest(f.proargtypes::pg_catalog.oid[]) WITH ORDINALITY AS a (oid, k)
             JOIN pg_catalog.pg_type t ON t.oid = a.oid
             ORDER BY a.k),
       f.extension, f.proacl::text[], pg_catalog.acldefault('f', f.proowner)::text[],
       f.initprivs::text[], NULL, '{}', '{}'
FROM func f
JOIN pg_catalog.pg_namespace n ON n.oid = f.pronamespace
UNION ALL
SELECT 'pg_catalog.pg_type'::pg_catalog.regclass::pg_catalog.oid, t.oid, 0, 'T', NULL, n.oid,
       n.nspname::text, t.typname::text, pg_catalog.pg_get_userbyid(t.typowner)::text, NULL,
       '{}', '{}', '{}', m.extension, t.typacl::text[],
       pg_catalog.acldefault('T', t.typowner)::text[], ip.initprivs::text[], NULL, '{}', '{}'
FROM pg_catalog.pg_type t
JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace
LEFT JOIN members m ON m.classid = 'pg_catalog.pg_type'::pg_catalog.regclass AND m.objid = t.oid
LEFT JOIN pg_catalog.pg_init_privs ip
       ON ip.classoid = 'pg_catalog.pg_type'::pg_catalog.regclass
      AND ip.objoid = t.oid AND ip.objsubid = 0
WHERE (m.extension IS NOT NULL OR n.nspname = 'pg_catalog')
  AND t.typtype <> 'm'
  AND (t.typrelid = 0 OR (SELECT c.relkind FROM pg_catalog.pg_class c
                          WHERE c.oid = t.typrelid) = 'c')
  AND NOT (t.typname LIKE '\_%' AND t.typelem <> 0
           AND (SELECT e.typarray FROM pg_catalog.pg_type e WHERE e.oid = t.typelem) = t.oid)
  AND t.typacl IS NOT NULL
  AND t.typacl IS DISTINCT FROM COALESCE(ip.initprivs, pg_catalog.acldefault('T', t.typowner))
UNION ALL
SELECT 'pg_catalog.pg_namespace'::pg_catalog.regclass::pg_catalog.oid, n.oid, 0, 'n', NULL,
       NULL, NULL, n.nspname::text, pg_catalog.pg_get_userbyid(n.nspowner)::text, NULL,
       '{}', '{}', '{}', m.extension, n.nspacl::text[],
       pg_catalog.acldefault('n', n.nspowner)::text[], ip.initprivs::text[], NULL, '{}', '{}'
FROM pg_catalog.pg_namespace n
LEFT JOIN members m
       ON m.classid = 'pg_catalog.pg_namespace'::pg_catalog.regclass AND m.objid = n.oid
LEFT JOIN pg_catalog.pg_init_privs ip
       ON ip.classoid = 'pg_catalog.pg_namespace'::pg_catalog.regclass
      AND ip.objoid = n.oid AND ip.objsubid = 0
WHERE (m.extension IS NOT NULL OR n.nspname = 'pg_catalog')
  AND n.nspacl IS NOT NULL
  AND n.nspacl IS DISTINCT FROM COALESCE(ip.initprivs, pg_catalog.acldefault('n', n.nspowner))
UNION ALL
SELECT 'pg_catalog.pg_language'::pg_catalog.regclass::pg_catalog.oid, l.oid, 0, 'l', NULL,
       NULL, NULL, l.lanname::text, pg_catalog.pg_get_userbyid(l.lanowner)::text, NULL,
       '{}', '{}', '{}', m.extension, l.lanacl::text[],
       pg_catalog.acldefault('l', l.lanowner)::text[], ip.initprivs::text[], NULL, '{}', '{}'
FROM pg_catalog.pg_language l
JOIN members m ON m.classid = 'pg_catalog.pg_language'::pg_catalog.regclass AND m.objid = l.oid
LEFT JOIN pg_catalog.pg_init_privs ip
       ON ip.classoid = 'pg_catalog.pg_language'::pg_catalog.regclass
      AND ip.objoid = l.oid AND ip.objsubid = 0
WHERE l.lanispl AND l.lanpltrusted
  AND l.lanacl IS NOT NULL
  AND l.lanacl IS DISTINCT FROM COALESCE(ip.initprivs, pg_catalog.acldefault('l', l.lanowner))
UNION ALL
SELECT 'pg_catalog.pg_foreign_data_wrapper'::pg_catalog.regclass::pg_catalog.oid, w.oid, 0,
       'F', NULL, NULL, NULL, w.fdwname::text, pg_catalog.pg_get_userbyid(w.fdwowner)::text,
       NULL, '{}', '{}', '{}', m.extension, w.fdwacl::text[],
       pg_catalog.acldefault('F', w.fdwowner)::text[], ip.initprivs::text[], NULL, '{}', '{}'
FROM pg_catalog.pg_foreign_data_wrapper w
JOIN members m
  ON m.classid = 'pg_catalog.pg_foreign_data_wrapper'::pg_catalog.regclass AND m.objid = w.oid
LEFT JOIN pg_catalog.pg_init_privs ip
       ON ip.classoid = 'pg_catalog.pg_foreign_data_wrapper'::pg_catalog.regclass
      AND ip.objoid = w.oid AND ip.objsubid = 0
WHERE w.fdwacl IS NOT NULL
  AND w.fdwacl IS DISTINCT FROM COALESCE(ip.initprivs, pg_catalog.acldefault('F', w.fdwowner))
UNION ALL
SELECT 'pg_catalog.pg_foreign_server'::pg_catalog.regclass::pg_catalog.oid, s.oid, 0, 'S',
       NULL, NULL, NULL, s.srvname::text, pg_catalog.pg_get_userbyid(s.srvowner)::text, NULL,
       '{}', '{}', '{}', m.extension, s.srvacl::text[],
       pg_catalog.acldefault('S', s.srvowner)::text[], ip.initprivs::text[], NULL, '{}', '{}'
FROM pg_catalog.pg_foreign_server s
JOIN members m
  ON m.classid = 'pg_catalog.pg_foreign_server'::pg_catalog.regclass AND m.objid = s.oid
LEFT JOIN pg_catalog.pg_init_privs ip
       ON ip.classoid = 'pg_catalog.pg_foreign_server'::pg_catalog.regclass
      AND ip.objoid = s.oid AND ip.objsubid = 0
WHERE s.srvacl IS NOT NULL
  AND s.srvacl IS DISTINCT FROM COALESCE(ip.initprivs, pg_catalog.acldefault('S', s.srvowner))
ORDER BY 1, 2, 3
