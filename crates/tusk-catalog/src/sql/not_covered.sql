-- Objects this crate does not dump yet, so that the dump can warn about each of them.
-- Minimum server version: 13.
-- Returns: kind (pg_dump's word for it), schema (NULL for database-wide objects), name.
-- Extension members and built-in objects (OID below 16384) are left out.
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
    SELECT CASE c.relkind WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW'
                          ELSE 'FOREIGN TABLE' END,
           ns.nspname, c.relname::text, 'pg_catalog.pg_class'::pg_catalog.regclass, c.oid
    FROM pg_catalog.pg_class c JOIN ns ON ns.oid = c.relnamespace
    WHERE c.relkind IN ('v', 'm', 'f')
    UNION ALL
    SELECT 'ACL', ns.nspname, 'TABLE ' || c.relname, 'pg_catalog.pg_class'::pg_catalog.regclass, c.oid
    FROM pg_catalog.pg_class c JOIN ns ON ns.oid = c.relnamespace
    WHERE c.relkind IN ('r', 'p', 'S') AND c.relacl IS NOT NULL
    UNION ALL
    SELECT 'ACL', ns.nspname, 'COLUMN ' || c.relname || '.' || a.attname,
           'pg_catalog.pg_class'::pg_catalog.regclass, c.oid
    FROM pg_catalog.pg_attribute a
    JOIN pg_catalog.pg_class c ON c.oid = a.attrelid
    JOIN ns ON ns.oid = c.relnamespace
    WHERE c.relkind IN ('r', 'p') AND a.attacl IS NOT NULL AND NOT a.attisdropped
    UNION ALL
    SELECT 'ROW SECURITY', ns.nspname, c.relname::text, 'pg_catalog.pg_class'::pg_catalog.regclass, c.oid
    FROM pg_catalog.pg_class c JOIN ns ON ns.oid = c.relnamespace
    WHERE c.relrowsecurity
    UNION ALL
    SELECT 'ACL', NULL, 'SCHEMA ' || ns.nspname, 'pg_catalog.pg_namespace'::pg_catalog.regclass, n.oid
    FROM pg_catalog.pg_namespace n JOIN ns ON ns.oid = n.oid
    WHERE n.nspacl IS NOT NULL
      AND NOT (n.nspname = 'public'
               AND n.nspacl::text[] = '{pg_database_owner=UC/pg_database_owner,=U/pg_database_owner}')
    UNION ALL
    SELECT CASE t.typtype WHEN 'd' THEN 'DOMAIN' ELSE 'TYPE' END, ns.nspname, t.typname::text,
           'pg_catalog.pg_type'::pg_catalog.regclass, t.oid
    FROM pg_catalog.pg_type t JOIN ns ON ns.oid = t.typnamespace
    WHERE t.typtype IN ('b', 'c', 'd', 'e', 'r')
      AND (t.typrelid = 0 OR (SELECT c.relkind FROM pg_catalog.pg_class c
                              WHERE c.oid = t.typrelid) = 'c')
      AND NOT (t.typelem <> 0 AND t.typlen = -1 AND t.typtype = 'b'
               AND EXISTS (SELECT 1 FROM pg_catalog.pg_type e
                           WHERE e.oid = t.typelem AND e.typarray = t.oid))
    UNION ALL
    SELECT CASE p.prokind WHEN 'p' THEN 'PROCEDURE' WHEN 'a' THEN 'AGGREGATE' ELSE 'FUNCTION' END,
           ns.nspname, p.proname || '(' || pg_catalog.pg_get_function_identity_arguments(p.oid) || ')',
           'pg_catalog.pg_proc'::pg_catalog.regclass, p.oid
    FROM pg_catalog.pg_proc p JOIN ns ON ns.oid = p.pronamespace
    UNION ALL
    SELECT 'TRIGGER', ns.nspname, c.relname || ' ' || tg.tgname,
           'pg_catalog.pg_trigger'::pg_catalog.regclass, tg.oid
    FROM pg_catalog.pg_trigger tg
    JOIN pg_catalog.pg_class c ON c.oid = tg.tgrelid JOIN ns ON ns.oid = c.relnamespace
    WHERE NOT tg.tgisinternal
    UNION ALL
    SELECT 'RULE', ns.nspname, c.relname || ' ' || r.rulename,
           'pg_catalog.pg_rewrite'::pg_catalog.regclass, r.oid
    FROM pg_catalog.pg_rewrite r
    JOIN pg_catalog.pg_class c ON c.oid = r.ev_class JOIN ns ON ns.oid = c.relnamespace
    WHERE r.rulename <> '_RETURN'
    UNION ALL
    SELECT 'POLICY', ns.nspname, c.relname || ' ' || po.polname,
           'pg_catalog.pg_policy'::pg_catalog.regclass, po.oid
    FROM pg_catalog.pg_policy po
    JOIN pg_catalog.pg_class c ON c.oid = po.polrelid JOIN ns ON ns.oid = c.relnamespace
    UNION ALL
    SELECT 'STATISTICS', ns.nspname, s.stxname::text,
           'pg_catalog.pg_statistic_ext'::pg_catalog.regclass, s.oid
    FROM pg_catalog.pg_statistic_ext s JOIN ns ON ns.oid = s.stxnamespace
    UNION ALL
    SELECT 'COLLATION', ns.nspname, co.collname::text,
           'pg_catalog.pg_collation'::pg_catalog.regclass, co.oid
    FROM pg_catalog.pg_collation co JOIN ns ON ns.oid = co.collnamespace
    UNION ALL
    SELECT 'CONVERSION', ns.nspname, cv.conname::text,
           'pg_catalog.pg_conversion'::pg_catalog.regclass, cv.oid
    FROM pg_catalog.pg_conversion cv JOIN ns ON ns.oid = cv.connamespace
    UNION ALL
    SELECT 'OPERATOR', ns.nspname, o.oprname::text, 'pg_catalog.pg_operator'::pg_catalog.regclass, o.oid
    FROM pg_catalog.pg_operator o JOIN ns ON ns.oid = o.oprnamespace
    UNION ALL
    SELECT 'OPERATOR CLASS', ns.nspname, oc.opcname::text,
           'pg_catalog.pg_opclass'::pg_catalog.regclass, oc.oid
    FROM pg_catalog.pg_opclass oc JOIN ns ON ns.oid = oc.opcnamespace
    UNION ALL
    SELECT 'OPERATOR FAMILY', ns.nspname, f.opfname::text,
           'pg_catalog.pg_opfamily'::pg_catalog.regclass, f.oid
    FROM pg_catalog.pg_opfamily f JOIN ns ON ns.oid = f.opfnamespace
    UNION ALL
    SELECT 'TEXT SEARCH CONFIGURATION', ns.nspname, x.cfgname::text,
           'pg_catalog.pg_ts_config'::pg_catalog.regclass, x.oid
    FROM pg_catalog.pg_ts_config x JOIN ns ON ns.oid = x.cfgnamespace
    UNION ALL
    SELECT 'TEXT SEARCH DICTIONARY', ns.nspname, x.dictname::text,
           'pg_catalog.pg_ts_dict'::pg_catalog.regclass, x.oid
    FROM pg_catalog.pg_ts_dict x JOIN ns ON ns.oid = x.dictnamespace
    UNION ALL
    SELECT 'TEXT SEARCH PARSER', ns.nspname, x.prsname::text,
           'pg_catalog.pg_ts_parser'::pg_catalog.regclass, x.oid
    FROM pg_catalog.pg_ts_parser x JOIN ns ON ns.oid = x.prsnamespace
    UNION ALL
    SELECT 'TEXT SEARCH TEMPLATE', ns.nspname, x.tmplname::text,
           'pg_catalog.pg_ts_template'::pg_catalog.regclass, x.oid
    FROM pg_catalog.pg_ts_template x JOIN ns ON ns.oid = x.tmplnamespace
    UNION ALL
    SELECT 'DEFAULT ACL', ns.nspname, pg_catalog.pg_get_userbyid(da.defaclrole)::text,
           'pg_catalog.pg_default_acl'::pg_catalog.regclass, da.oid
    FROM pg_catalog.pg_default_acl da LEFT JOIN ns ON ns.oid = da.defaclnamespace
    WHERE da.defaclnamespace = 0 OR ns.oid IS NOT NULL
    UNION ALL
    SELECT 'PROCEDURAL LANGUAGE', NULL, l.lanname::text, 'pg_catalog.pg_language'::pg_catalog.regclass, l.oid
    FROM pg_catalog.pg_language l
    UNION ALL
    SELECT 'CAST', NULL, pg_catalog.format_type(ca.castsource, NULL) || ' AS '
                          || pg_catalog.format_type(ca.casttarget, NULL),
           'pg_catalog.pg_cast'::pg_catalog.regclass, ca.oid
    FROM pg_catalog.pg_cast ca
    UNION ALL
    SELECT 'ACCESS METHOD', NULL, am.amname::text, 'pg_catalog.pg_am'::pg_catalog.regclass, am.oid
    FROM pg_catalog.pg_am am
    UNION ALL
    SELECT 'TRANSFORM', NULL, pg_catalog.format_type(tr.trftype, NULL),
           'pg_catalog.pg_transform'::pg_catalog.regclass, tr.oid
    FROM pg_catalog.pg_transform tr
    UNION ALL
    SELECT 'FOREIGN DATA WRAPPER', NULL, w.fdwname::text,
           'pg_catalog.pg_foreign_data_wrapper'::pg_catalog.regclass, w.oid
    FROM pg_catalog.pg_foreign_data_wrapper w
    UNION ALL
    SELECT 'SERVER', NULL, s.srvname::text, 'pg_catalog.pg_foreign_server'::pg_catalog.regclass, s.oid
    FROM pg_catalog.pg_foreign_server s
    UNION ALL
    SELECT 'EVENT TRIGGER', NULL, et.evtname::text,
           'pg_catalog.pg_event_trigger'::pg_catalog.regclass, et.oid
    FROM pg_catalog.pg_event_trigger et
    UNION ALL
    SELECT 'PUBLICATION', NULL, pb.pubname::text, 'pg_catalog.pg_publication'::pg_catalog.regclass, pb.oid
    FROM pg_catalog.pg_publication pb
    UNION ALL
    SELECT 'LARGE OBJECT', NULL, lo.oid::text,
           'pg_catalog.pg_largeobject_metadata'::pg_catalog.regclass, lo.oid
    FROM pg_catalog.pg_largeobject_metadata lo
    UNION ALL
    SELECT 'SECURITY LABEL', NULL, sl.provider || ' ' || sl.classoid::pg_catalog.regclass::text
                                   || ' ' || sl.objoid::text,
           sl.classoid, sl.objoid
    FROM pg_catalog.pg_seclabel sl
)
SELECT f.kind, f.schema::text AS schema, f.name
FROM found f
WHERE f.objid >= 16384
  AND NOT EXISTS (SELECT 1 FROM members m WHERE m.classid = f.classid AND m.objid = f.objid)
ORDER BY f.kind, f.schema NULLS FIRST, f.name
