-- Publications to dump. Server versions 13 to 17 (18 added pubgencols: publications_18.sql).
-- Returns one row per publication: oid, name, owner, all_tables (puballtables), publish_insert,
-- publish_update, publish_delete, publish_truncate, via_root (pubviaroot), generated_columns
-- (always NULL here).
-- Extension members are left out, as pg_dump does.
SELECT p.oid,
       p.pubname AS name,
       pg_catalog.pg_get_userbyid(p.pubowner) AS owner,
       p.puballtables AS all_tables,
       p.pubinsert AS publish_insert,
       p.pubupdate AS publish_update,
       p.pubdelete AS publish_delete,
       p.pubtruncate AS publish_truncate,
       p.pubviaroot AS via_root,
       NULL::pg_catalog.text AS generated_columns
FROM pg_catalog.pg_publication p
WHERE NOT EXISTS (
      SELECT 1 FROM pg_catalog.pg_depend x
      WHERE x.classid = 'pg_catalog.pg_publication'::pg_catalog.regclass
        AND x.objid = p.oid AND x.deptype = 'e')
ORDER BY p.oid
