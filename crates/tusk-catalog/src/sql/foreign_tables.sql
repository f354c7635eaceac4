-- The server and options of the given foreign tables. Minimum server version: 13 (unchanged
-- up to 18).
-- Returns one row per foreign table: relid, server (its server's name), option_names and
-- option_values (ftoptions split by pg_options_to_table, in option name order).
-- $1: oid[] of the foreign tables.
SELECT ft.ftrelid AS relid,
       s.srvname AS server,
       ARRAY(SELECT o.option_name FROM pg_catalog.pg_options_to_table(ft.ftoptions) o
             ORDER BY o.option_name) AS option_names,
       ARRAY(SELECT o.option_value FROM pg_catalog.pg_options_to_table(ft.ftoptions) o
             ORDER BY o.option_name) AS option_values
FROM pg_catalog.pg_foreign_table ft
JOIN pg_catalog.pg_foreign_server s ON s.oid = ft.ftserver
WHERE ft.ftrelid = ANY ($1::pg_catalog.oid[])
ORDER BY ft.ftrelid
