-- Collations to dump. Servers 17 and later: the ICU or builtin locale is in colllocale (named
-- colliculocale in 15 and 16: collations_15.sql, collations_16.sql); collicurules as in 16.
-- Returns one row per collation: oid, schema, name, owner, provider (collprovider: 'c' libc,
-- 'i' ICU, 'd' default; 'b' builtin from 17), deterministic (collisdeterministic),
-- collate / ctype (libc's lc_collate / lc_ctype, NULL when none), locale (the ICU or builtin
-- locale, NULL when none), icu_rules (collicurules), encoding (collencoding).
-- Leaves out system schemas and extension members.
-- $1: text[] of schema names to keep, NULL for all.
SELECT co.oid,
       n.nspname AS schema,
       co.collname AS name,
       pg_catalog.pg_get_userbyid(co.collowner) AS owner,
       co.collprovider::text AS provider,
       co.collisdeterministic AS deterministic,
       co.collcollate AS collate,
       co.collctype AS ctype,
       co.colllocale AS locale,
       co.collicurules AS icu_rules,
       co.collencoding AS encoding
FROM pg_catalog.pg_collation co
JOIN pg_catalog.pg_namespace n ON n.oid = co.collnamespace
WHERE n.nspname !~ '^pg_'
  AND n.nspname <> 'information_schema'
  AND ($1::text[] IS NULL OR n.nspname = ANY ($1::text[]))
  AND NOT EXISTS (
      SELECT 1 FROM pg_catalog.pg_depend x
      WHERE x.classid = 'pg_catalog.pg_collation'::pg_catalog.regclass
        AND x.objid = co.oid AND x.deptype = 'e')
ORDER BY co.oid
