-- Tables of publications (pg_publication_rel). Minimum server version: 15 (prqual, prattrs;
-- for 13 and 14 see publication_rels_13.sql).
-- Returns one row per publication table: oid, publication (prpubid), relid (prrelid),
-- row_filter (pg_get_expr of prqual, qualified under the empty search_path; NULL when none),
-- column_names (the names of the prattrs columns in attnum order; NULL when no column list).
SELECT pr.oid,
       pr.prpubid AS publication,
       pr.prrelid AS relid,
       pg_catalog.pg_get_expr(pr.prqual, pr.prrelid) AS row_filter,
       CASE WHEN pr.prattrs IS NOT NULL THEN
           ARRAY(SELECT a.attname::pg_catalog.text
                 FROM pg_catalog.unnest(pr.prattrs::pg_catalog.int2[]) WITH ORDINALITY AS k (attnum, n)
                 JOIN pg_catalog.pg_attribute a
                   ON a.attrelid = pr.prrelid AND a.attnum = k.attnum
                 ORDER BY k.n)
       END AS column_names
FROM pg_catalog.pg_publication_rel pr
ORDER BY pr.oid
