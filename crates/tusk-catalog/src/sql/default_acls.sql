-- Default privileges (ALTER DEFAULT PRIVILEGES). Minimum server version: 13.
-- Returns: oid, role, schema (NULL for global entries), objtype (defaclobjtype), acl
-- (text[]), acldefault (text[]: the built-in default for global entries, '{}' for
-- per-schema ones, which can only add privileges). Global entries are left out when only
-- some schemas are dumped, as pg_dump does.
-- $1: text[] of schema names to keep, NULL for all.
SELECT d.oid,
       pg_catalog.pg_get_userbyid(d.defaclrole) AS role,
       n.nspname::text AS schema,
       d.defaclobjtype::text AS objtype,
       d.defaclacl::text[] AS acl,
       CASE WHEN d.defaclnamespace = 0
            THEN pg_catalog.acldefault(CASE WHEN d.defaclobjtype = 'S' THEN 's'::"char"
                                            ELSE d.defaclobjtype END, d.defaclrole)
            ELSE '{}' END::text[] AS acldefault
FROM pg_catalog.pg_default_acl d
LEFT JOIN pg_catalog.pg_namespace n ON n.oid = d.defaclnamespace
WHERE CASE WHEN d.defaclnamespace = 0 THEN $1::text[] IS NULL
           ELSE n.nspname !~ '^pg_' AND n.nspname <> 'information_schema'
                AND ($1::text[] IS NULL OR n.nspname = ANY ($1::text[])) END
ORDER BY d.oid
