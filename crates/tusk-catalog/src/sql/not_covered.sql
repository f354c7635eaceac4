-- Objects this crate does not dump yet, so that the dump can warn about each of them.
-- Minimum server version: 13.
-- Returns: kind (pg_dump's word for it), schema (NULL for database-wide objects), name.
-- Extension members and built-in objects (OID below 16384) are left out. Enum, composite,
-- domain and range types (types.sql), functions and procedures (functions_*.sql),
-- aggregates (aggregates.sql), collations (collations_*.sql), text search parsers,
-- templates, dictionaries and configurations (ts_*.sql), operators (operators.sql),
-- operator classes and families (opclasses.sql, opfamilies.sql), casts (casts_*.sql),
-- conversions (conversions.sql), procedural languages (languages.sql), transforms
-- (transforms.sql), access methods (access_methods.sql), foreign-data wrappers, foreign
-- servers and their user mappings (foreign_data_wrappers.sql, foreign_servers.sql,
-- user_mappings.sql), foreign tables (tables.sql, foreign_tables.sql), event triggers
-- (event_triggers.sql), publications with their tables and schemas (publications_*.sql,
-- publication_rels_*.sql, publication_schemas.sql) and subscriptions (subscriptions_*.sql;
-- for a user who is not a superuser they are reported by the catalog reader itself, from
-- subscription_names.sql) are dumped, and so are the triggers, rules, policies, row security
-- and extended statistics (statistics.sql) of the relations dumped, the privileges of
-- schemas, relations, columns, functions, types, languages, foreign-data wrappers and
-- foreign servers, and default privileges. Base types are still listed here.
-- $1: text[] of schema names to keep, NULL for all.
WITH ns AS (
    SELECT n.oid, n.nspname
    FROM pg_catalog.pg_namespace n
    WHERE n.nspname !~ '^pg_'
      AND n.nspname <> 'information_schema'
      AND ($1::text[] IS NULL OR n.nspname = ANY ($1::text[]))
),
members AS (
    SELECT d.classid, d.objid FROM pg_catalog.pg_depend d WHERE d.deptype = 'e'
),
found (kind, schema, name, classid, objid) AS (
    SELECT 'TYPE', ns.nspname, t.typname::text,
           'pg_catalog.pg_type'::pg_catalog.regclass, t.oid
    FROM pg_catalog.pg_type t JOIN ns ON ns.oid = t.typnamespace
    WHERE t.typtype = 'b'
      AND NOT (t.typelem <> 0 AND t.typlen = -1 AND t.typtype = 'b'
               AND EXISTS (SELECT 1 FROM pg_catalog.pg_type e
                           WHERE e.oid = t.typelem AND e.typarray = t.oid))
    UNION ALL
    SELECT 'LARGE OBJECT', NULL, lo.oid::text,
           'pg_catalog.pg_largeobject_metadata'::pg_catalog.regclass, lo.oid
    FROM pg_catalog.pg_largeobject_metadata lo
    UNION ALL
    SELECT 'SECURITY LABEL', NULL, sl.provider || ' ' || sl.classoid::pg_catalog.regclass::text
                                   || ' ' || sl.objoid::text,
           sl.classoid, sl.objoid
    FROM pg_catalog.pg_seclabel sl
),
-- pg_dump also dumps privileges granted or revoked on extension members since the
-- extension was created (against pg_init_privs); those are not dumped yet.
ext_acls (kind, schema, name) AS (
    SELECT 'ACL', ns.nspname, 'TABLE ' || c.relname
    FROM pg_catalog.pg_class c JOIN ns ON ns.oid = c.relnamespace
    JOIN members m ON m.classid = 'pg_catalog.pg_class'::pg_catalog.regclass AND m.objid = c.oid
    LEFT JOIN pg_catalog.pg_init_privs ip
           ON ip.classoid = 'pg_catalog.pg_class'::pg_catalog.regclass
          AND ip.objoid = c.oid AND ip.objsubid = 0
    WHERE c.relacl IS DISTINCT FROM ip.initprivs
    UNION ALL
    SELECT 'ACL', ns.nspname,
           'FUNCTION ' || p.proname || '(' || pg_catalog.pg_get_function_identity_arguments(p.oid) || ')'
    FROM pg_catalog.pg_proc p JOIN ns ON ns.oid = p.pronamespace
    JOIN members m ON m.classid = 'pg_catalog.pg_proc'::pg_catalog.regclass AND m.objid = p.oid
    LEFT JOIN pg_catalog.pg_init_privs ip
           ON ip.classoid = 'pg_catalog.pg_proc'::pg_catalog.regclass
          AND ip.objoid = p.oid AND ip.objsubid = 0
    WHERE p.proacl IS DISTINCT FROM ip.initprivs
    UNION ALL
    SELECT 'ACL', ns.nspname, 'TYPE ' || t.typname
    FROM pg_catalog.pg_type t JOIN ns ON ns.oid = t.typnamespace
    JOIN members m ON m.classid = 'pg_catalog.pg_type'::pg_catalog.regclass AND m.objid = t.oid
    LEFT JOIN pg_catalog.pg_init_privs ip
           ON ip.classoid = 'pg_catalog.pg_type'::pg_catalog.regclass
          AND ip.objoid = t.oid AND ip.objsubid = 0
    WHERE t.typacl IS DISTINCT FROM ip.initprivs
    UNION ALL
    -- a trusted language of an extension (plpgsql): its privileges are dumped with every
    -- schema (not with -n or -t)
    SELECT 'ACL', NULL, 'LANGUAGE ' || l.lanname
    FROM pg_catalog.pg_language l
    JOIN members m ON m.classid = 'pg_catalog.pg_language'::pg_catalog.regclass AND m.objid = l.oid
    LEFT JOIN pg_catalog.pg_init_privs ip
           ON ip.classoid = 'pg_catalog.pg_language'::pg_catalog.regclass
          AND ip.objoid = l.oid AND ip.objsubid = 0
    WHERE $1::text[] IS NULL AND l.lanpltrusted AND l.lanacl IS DISTINCT FROM ip.initprivs
    UNION ALL
    -- a foreign-data wrapper or server of an extension (postgres_fdw's wrapper): dumped with
    -- every schema (not with -n or -t)
    SELECT 'ACL', NULL, 'FOREIGN DATA WRAPPER ' || w.fdwname
    FROM pg_catalog.pg_foreign_data_wrapper w
    JOIN members m
      ON m.classid = 'pg_catalog.pg_foreign_data_wrapper'::pg_catalog.regclass AND m.objid = w.oid
    LEFT JOIN pg_catalog.pg_init_privs ip
           ON ip.classoid = 'pg_catalog.pg_foreign_data_wrapper'::pg_catalog.regclass
          AND ip.objoid = w.oid AND ip.objsubid = 0
    WHERE $1::text[] IS NULL AND w.fdwacl IS DISTINCT FROM ip.initprivs
    UNION ALL
    SELECT 'ACL', NULL, 'FOREIGN SERVER ' || s.srvname
    FROM pg_catalog.pg_foreign_server s
    JOIN members m
      ON m.classid = 'pg_catalog.pg_foreign_server'::pg_catalog.regclass AND m.objid = s.oid
    LEFT JOIN pg_catalog.pg_init_privs ip
           ON ip.classoid = 'pg_catalog.pg_foreign_server'::pg_catalog.regclass
          AND ip.objoid = s.oid AND ip.objsubid = 0
    WHERE $1::text[] IS NULL AND s.srvacl IS DISTINCT FROM ip.initprivs
)
SELECT x.kind, x.schema, x.name
FROM (
SELECT f.kind, f.schema::text AS schema, f.name
FROM found f
WHERE f.objid >= 16384
  AND NOT EXISTS (SELECT 1 FROM members m WHERE m.classid = f.classid AND m.objid = f.objid)
UNION ALL
SELECT e.kind, e.schema::text, e.name FROM ext_acls e
) x
ORDER BY x.kind, x.schema NULLS FIRST, x.name
