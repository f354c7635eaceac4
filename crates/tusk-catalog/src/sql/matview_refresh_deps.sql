-- Materialized views that depend on other materialized views, directly or through views
-- (pg_dump's buildMatViewRefreshDependencies). Minimum server version: 13.
-- Returns: objid (the dependent materialized view), refobjid (the one it depends on).
WITH RECURSIVE w AS (
    SELECT d1.objid, d2.refobjid, c2.relkind AS refrelkind
    FROM pg_catalog.pg_depend d1
    JOIN pg_catalog.pg_class c1 ON c1.oid = d1.objid AND c1.relkind = 'm'
    JOIN pg_catalog.pg_rewrite r1 ON r1.ev_class = d1.objid
    JOIN pg_catalog.pg_depend d2 ON d2.classid = 'pg_catalog.pg_rewrite'::pg_catalog.regclass
                                AND d2.objid = r1.oid AND d2.refobjid <> d1.objid
    JOIN pg_catalog.pg_class c2 ON c2.oid = d2.refobjid AND c2.relkind IN ('m', 'v')
    WHERE d1.classid = 'pg_catalog.pg_class'::pg_catalog.regclass
    UNION
    SELECT w.objid, d3.refobjid, c3.relkind
    FROM w
    JOIN pg_catalog.pg_rewrite r3 ON r3.ev_class = w.refobjid
    JOIN pg_catalog.pg_depend d3 ON d3.classid = 'pg_catalog.pg_rewrite'::pg_catalog.regclass
                                AND d3.objid = r3.oid AND d3.refobjid <> w.refobjid
    JOIN pg_catalog.pg_class c3 ON c3.oid = d3.refobjid AND c3.relkind IN ('m', 'v')
)
SELECT DISTINCT w.objid, w.refobjid
FROM w
WHERE w.refrelkind = 'm'
ORDER BY 1, 2
