-- Procedural languages to dump. Minimum server version: 13 (unchanged up to 18).
-- Only the user's, as pg_dump: lanispl, OID 16384 and above, not extension members.
-- Returns one row per language: oid, name, owner, trusted (lanpltrusted), and for its
-- handler, inline handler and validator: *_oid (0 when none) and *_schema / *_name, set
-- only when pg_dump would dump that function, so that the language is written with them:
-- a function outside the system schemas (or an extension member there), or one in
-- pg_catalog that pg_dump reads anyway (used by a user's cast or transform, or with
-- privileges changed since initdb). Otherwise pg_dump writes the parameterless
-- CREATE OR REPLACE form.
WITH fn AS (
    SELECT p.oid,
           n.nspname AS schema,
           p.proname AS name,
           CASE
               WHEN p.prokind = 'a' OR EXISTS (
                   SELECT 1 FROM pg_catalog.pg_depend i
                   WHERE i.classid = 'pg_catalog.pg_proc'::pg_catalog.regclass
                     AND i.objid = p.oid AND i.deptype = 'i')
               THEN false
               WHEN n.nspname = 'pg_catalog'
               THEN EXISTS (SELECT 1 FROM pg_catalog.pg_cast c
                            WHERE c.oid >= 16384 AND c.castfunc = p.oid)
                 OR EXISTS (SELECT 1 FROM pg_catalog.pg_transform t
                            WHERE t.oid >= 16384
                              AND p.oid IN (t.trffromsql, t.trftosql))
                 OR p.proacl IS DISTINCT FROM (
                        SELECT ip.initprivs FROM pg_catalog.pg_init_privs ip
                        WHERE ip.classoid = 'pg_catalog.pg_proc'::pg_catalog.regclass
                          AND ip.objoid = p.oid AND ip.objsubid = 0)
               WHEN EXISTS (
                   SELECT 1 FROM pg_catalog.pg_depend x
                   WHERE x.classid = 'pg_catalog.pg_proc'::pg_catalog.regclass
                     AND x.objid = p.oid AND x.deptype = 'e')
               THEN true
               ELSE n.nspname !~ '^pg_' AND n.nspname <> 'information_schema'
           END AS dumpable
    FROM pg_catalog.pg_proc p
    JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace
    WHERE p.oid IN (SELECT l.lanplcallfoid FROM pg_catalog.pg_language l
                    UNION SELECT l.laninline FROM pg_catalog.pg_language l
                    UNION SELECT l.lanvalidator FROM pg_catalog.pg_language l)
)
SELECT l.oid,
       l.lanname AS name,
       pg_catalog.pg_get_userbyid(l.lanowner) AS owner,
       l.lanpltrusted AS trusted,
       l.lanplcallfoid AS handler_oid,
       h.schema AS handler_schema,
       h.name AS handler_name,
       l.laninline AS inline_oid,
       i.schema AS inline_schema,
       i.name AS inline_name,
       l.lanvalidator AS validator_oid,
       v.schema AS validator_schema,
       v.name AS validator_name
FROM pg_catalog.pg_language l
LEFT JOIN fn h ON h.oid = l.lanplcallfoid AND h.dumpable
LEFT JOIN fn i ON i.oid = l.laninline AND i.dumpable
LEFT JOIN fn v ON v.oid = l.lanvalidator AND v.dumpable
WHERE l.lanispl
  AND l.oid >= 16384
  AND NOT EXISTS (
      SELECT 1 FROM pg_catalog.pg_depend x
      WHERE x.classid = 'pg_catalog.pg_language'::pg_catalog.regclass
        AND x.objid = l.oid AND x.deptype = 'e')
ORDER BY l.oid
