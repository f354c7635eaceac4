-- Transforms to dump. Minimum server version: 13 (unchanged up to 18).
-- Returns one row per transform: oid, type_name (format_type), type_sort_name (the type's
-- pg_type name, for the sort), lang_name, lang_is_pl (lanispl: pg_dump has an object for
-- such a language, dumped or not), and for the FROM SQL and TO SQL functions:
-- from_sql_schema / from_sql_name / from_sql_args and to_sql_schema / to_sql_name /
-- to_sql_args (format_type of each argument type; NULL name when none).
-- Leaves out extension members (pg_dump dumps every other transform: none is built in).
WITH fn AS (
    SELECT p.oid,
           n.nspname AS schema,
           p.proname AS name,
           ARRAY(SELECT pg_catalog.format_type(a.oid, NULL)
                 FROM pg_catalog.unnest(p.proargtypes::pg_catalog.oid[])
                      WITH ORDINALITY AS a (oid, k)
                 ORDER BY a.k) AS args
    FROM pg_catalog.pg_proc p
    JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace
    WHERE p.oid IN (SELECT t.trffromsql FROM pg_catalog.pg_transform t
                    UNION SELECT t.trftosql FROM pg_catalog.pg_transform t)
)
SELECT t.oid,
       pg_catalog.format_type(t.trftype, NULL) AS type_name,
       ty.typname AS type_sort_name,
       l.lanname AS lang_name,
       l.lanispl AS lang_is_pl,
       f.schema AS from_sql_schema,
       f.name AS from_sql_name,
       COALESCE(f.args, '{}') AS from_sql_args,
       s.schema AS to_sql_schema,
       s.name AS to_sql_name,
       COALESCE(s.args, '{}') AS to_sql_args
FROM pg_catalog.pg_transform t
JOIN pg_catalog.pg_type ty ON ty.oid = t.trftype
JOIN pg_catalog.pg_language l ON l.oid = t.trflang
LEFT JOIN fn f ON f.oid = t.trffromsql::pg_catalog.oid
LEFT JOIN fn s ON s.oid = t.trftosql::pg_catalog.oid
WHERE NOT EXISTS (
      SELECT 1 FROM pg_catalog.pg_depend x
      WHERE x.classid = 'pg_catalog.pg_transform'::pg_catalog.regclass
        AND x.objid = t.oid AND x.deptype = 'e')
ORDER BY t.oid
