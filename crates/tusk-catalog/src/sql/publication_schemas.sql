-- Schemas of publications (TABLES IN SCHEMA, pg_publication_namespace). Minimum server
-- version: 15 (earlier servers have no such catalog; the query is not run there).
-- Returns one row per publication schema: oid, publication (pnpubid), schema_oid (pnnspid),
-- schema (its name).
SELECT pn.oid,
       pn.pnpubid AS publication,
       pn.pnnspid AS schema_oid,
       n.nspname AS schema
FROM pg_catalog.pg_publication_namespace pn
JOIN pg_catalog.pg_namespace n ON n.oid = pn.pnnspid
ORDER BY pn.oid
