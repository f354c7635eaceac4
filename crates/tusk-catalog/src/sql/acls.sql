-- Access privileges of the objects dumped that have any (schemas, relations and their
-- columns, functions, types, procedural languages, foreign-data wrappers, foreign servers),
-- with the built-in default to diff them against (pg_dump's acldefault). Minimum server
-- version: 13.
-- Returns: classid, objid, subid (column number for column privileges, else 0), acl
-- (aclitem[] as text[]), acldefault (text[]; '{}' for columns, as pg_dump hard-wires it).
-- The public schema is always returned (pg_dump compares it with a fixed initial ACL).
-- pg_init_privs is not read: only extension members and initdb objects have entries, and
-- their privileges come from partial_objects.sql.
-- $1: text[] of schema names to keep, NULL for all.
WITH ns AS (
    SELECT n.oid, n.nspname
    FROM pg_catalog.pg_namespace n
    WHERE n.nspname !~ '^pg_'
      AND n.nspname <> 'information_schema'
      AND ($1::text[] IS NULL OR n.nspname = ANY ($1::text[]))
)
SELECT 'pg_catalog.pg_namespace'::pg_catalog.regclass::pg_catalog.oid AS classid, n.oid AS objid,
       0 AS subid, n.nspacl::text[] AS acl,
       pg_catalog.acldefault('n', n.nspowner)::text[] AS acldefault
FROM pg_catalog.pg_namespace n JOIN ns ON ns.oid = n.oid
WHERE n.nspacl IS NOT NULL OR n.nspname = 'public'
UNION ALL
SELECT 'pg_catalog.pg_class'::pg_catalog.regclass::pg_catalog.oid, c.oid, 0, c.relacl::text[],
       pg_catalog.acldefault(CASE WHEN c.relkind = 'S' THEN 's' ELSE 'r' END::"char",
                             c.relowner)::text[]
FROM pg_catalog.pg_class c JOIN ns ON ns.oid = c.relnamespace
WHERE c.relacl IS NOT NULL AND c.relkind IN ('r', 'p', 'S', 'v', 'm', 'f')
UNION ALL
SELECT 'pg_catalog.pg_class'::pg_catalog.regclass::pg_catalog.oid, c.oid, a.attnum,
       a.attacl::text[], '{}'::text[]
FROM pg_catalog.pg_attribute a
JOIN pg_catalog.pg_class c ON c.oid = a.attrelid
JOIN ns ON ns.oid = c.relnamespace
WHERE a.attacl IS NOT NULL AND NOT a.attisdropped AND c.relkind IN ('r', 'p', 'v', 'm', 'f')
UNION ALL
SELECT 'pg_catalog.pg_proc'::pg_catalog.regclass::pg_catalog.oid, p.oid, 0, p.proacl::text[],
       pg_catalog.acldefault('f', p.proowner)::text[]
FROM pg_catalog.pg_proc p JOIN ns ON ns.oid = p.pronamespace
WHERE p.proacl IS NOT NULL
UNION ALL
SELECT 'pg_catalog.pg_type'::pg_catalog.regclass::pg_catalog.oid, t.oid, 0, t.typacl::text[],
       pg_catalog.acldefault('T', t.typowner)::text[]
FROM pg_catalog.pg_type t JOIN ns ON ns.oid = t.typnamespace
WHERE t.typacl IS NOT NULL
UNION ALL
SELECT 'pg_catalog.pg_language'::pg_catalog.regclass::pg_catalog.oid, l.oid, 0, l.lanacl::text[],
       pg_catalog.acldefault('l', l.lanowner)::text[]
FROM pg_catalog.pg_language l
WHERE l.lanacl IS NOT NULL AND l.lanispl
UNION ALL
SELECT 'pg_catalog.pg_foreign_data_wrapper'::pg_catalog.regclass::pg_catalog.oid, w.oid, 0,
       w.fdwacl::text[], pg_catalog.acldefault('F', w.fdwowner)::text[]
FROM pg_catalog.pg_foreign_data_wrapper w
WHERE w.fdwacl IS NOT NULL
UNION ALL
SELECT 'pg_catalog.pg_foreign_server'::pg_catalog.regclass::pg_catalog.oid, s.oid, 0,
       s.srvacl::text[], pg_catalog.acldefault('S', s.srvowner)::text[]
FROM pg_catalog.pg_foreign_server s
WHERE s.srvacl IS NOT NULL
ORDER BY 1, 2, 3
