-- Event triggers to dump. Minimum server version: 13 (unchanged up to 18).
-- Returns one row per event trigger: oid, name, owner, event (evtevent), tags (evttags, empty
-- when none), function (regproc text of evtfoid, qualified under the empty search_path),
-- enabled (evtenabled: 'O', 'D', 'R' or 'A').
-- Extension members are left out, as pg_dump does.
SELECT e.oid,
       e.evtname AS name,
       pg_catalog.pg_get_userbyid(e.evtowner) AS owner,
       e.evtevent AS event,
       COALESCE(e.evttags, '{}'::pg_catalog.text[]) AS tags,
       e.evtfoid::pg_catalog.regproc::pg_catalog.text AS function,
       e.evtenabled::pg_catalog.text AS enabled
FROM pg_catalog.pg_event_trigger e
WHERE NOT EXISTS (
      SELECT 1 FROM pg_catalog.pg_depend x
      WHERE x.classid = 'pg_catalog.pg_event_trigger'::pg_catalog.regclass
        AND x.objid = e.oid AND x.deptype = 'e')
ORDER BY e.oid
