-- Foreign-data wrappers to dump. Minimum server version: 13 (unchanged up to 18).
-- Returns one row per wrapper: oid, name, owner, handler and validator (regproc text, '-'
-- when none), option_names and option_values (fdwoptions split by pg_options_to_table, both
-- in option name order, as pg_dump writes them).
-- Extension members (postgres_fdw's wrapper) are left out, as pg_dump does.
SELECT w.oid,
       w.fdwname AS name,
       pg_catalog.pg_get_userbyid(w.fdwowner) AS owner,
       w.fdwhandler::pg_catalog.regproc::pg_catalog.text AS handler,
       w.fdwvalidator::pg_catalog.regproc::pg_catalog.text AS validator,
       ARRAY(SELECT o.option_name FROM pg_catalog.pg_options_to_table(w.fdwoptions) o
             ORDER BY o.option_name) AS option_names,
       ARRAY(SELECT o.option_value FROM pg_catalog.pg_options_to_table(w.fdwoptions) o
             ORDER BY o.option_name) AS option_values
FROM pg_catalog.pg_foreign_data_wrapper w
WHERE NOT EXISTS (
      SELECT 1 FROM pg_catalog.pg_depend x
      WHERE x.classid = 'pg_catalog.pg_foreign_data_wrapper'::pg_catalog.regclass
        AND x.objid = w.oid AND x.deptype = 'e')
ORDER BY w.oid
