-- Foreign servers to dump. Minimum server version: 13 (unchanged up to 18).
-- Returns one row per server: oid, name, owner, wrapper (its foreign-data wrapper's name),
-- server_type and server_version (NULL when not given), option_names and option_values
-- (srvoptions split by pg_options_to_table, in option name order).
-- Extension members are left out, as pg_dump does.
SELECT s.oid,
       s.srvname AS name,
       pg_catalog.pg_get_userbyid(s.srvowner) AS owner,
       w.fdwname AS wrapper,
       s.srvtype AS server_type,
       s.srvversion AS server_version,
       ARRAY(SELECT o.option_name FROM pg_catalog.pg_options_to_table(s.srvoptions) o
             ORDER BY o.option_name) AS option_names,
       ARRAY(SELECT o.option_value FROM pg_catalog.pg_options_to_table(s.srvoptions) o
             ORDER BY o.option_name) AS option_values
FROM pg_catalog.pg_foreign_server s
JOIN pg_catalog.pg_foreign_data_wrapper w ON w.oid = s.srvfdw
WHERE NOT EXISTS (
      SELECT 1 FROM pg_catalog.pg_depend x
      WHERE x.classid = 'pg_catalog.pg_foreign_server'::pg_catalog.regclass
        AND x.objid = s.oid AND x.deptype = 'e')
ORDER BY s.oid
