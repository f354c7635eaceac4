-- User mappings of every foreign server. Minimum server version: 13 (unchanged up to 18).
-- Read, as pg_dump reads them, from the view pg_user_mappings, which anyone may read: its
-- umoptions are NULL where the current user may not see them (the mapping is then dumped
-- without OPTIONS, as pg_dump does).
-- Returns one row per mapping: server (srvid), user_name (usename: 'public' for PUBLIC),
-- option_names and option_values (in option name order), ordered by server and user name.
SELECT m.srvid AS server,
       m.usename::pg_catalog.text AS user_name,
       ARRAY(SELECT o.option_name FROM pg_catalog.pg_options_to_table(m.umoptions) o
             ORDER BY o.option_name) AS option_names,
       ARRAY(SELECT o.option_value FROM pg_catalog.pg_options_to_table(m.umoptions) o
             ORDER BY o.option_name) AS option_values
FROM pg_catalog.pg_user_mappings m
ORDER BY m.srvid, m.usename
