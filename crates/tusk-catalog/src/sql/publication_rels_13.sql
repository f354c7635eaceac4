-- Tables of publications (pg_publication_rel). Server versions 13 and 14 (15 added column
-- lists and row filters: publication_rels_15.sql).
-- Returns one row per publication table: oid, publication (prpubid), relid (prrelid),
-- row_filter and column_names (always NULL here).
SELECT pr.oid,
       pr.prpubid AS publication,
       pr.prrelid AS relid,
       NULL::pg_catalog.text AS row_filter,
       NULL::pg_catalog.text[] AS column_names
FROM pg_catalog.pg_publication_rel pr
ORDER BY pr.oid
