-- Access methods to dump. Minimum server version: 13 (unchanged up to 18).
-- Returns one row per access method: oid, name, kind (amtype: 'i' index, 't' table),
-- handler (regproc text of amhandler).
-- Only the user's, as pg_dump: OID 16384 and above, not extension members.
SELECT am.oid,
       am.amname AS name,
       am.amtype::text AS kind,
       am.amhandler::pg_catalog.text AS handler
FROM pg_catalog.pg_am am
WHERE am.oid >= 16384
  AND NOT EXISTS (
      SELECT 1 FROM pg_catalog.pg_depend x
      WHERE x.classid = 'pg_catalog.pg_am'::pg_catalog.regclass
        AND x.objid = am.oid AND x.deptype = 'e')
ORDER BY am.oid
