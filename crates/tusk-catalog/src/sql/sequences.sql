-- Parameters of the given sequences. Minimum server version: 13 (pg_sequence).
-- Returns: relid, type_name, start, increment, max, min, cache (as text), cycle.
-- $1: oid[] of the sequences.
SELECT s.seqrelid AS relid,
       pg_catalog.format_type(s.seqtypid, NULL) AS type_name,
       s.seqstart::text AS start,
       s.seqincrement::text AS increment,
       s.seqmax::text AS max,
       s.seqmin::text AS min,
       s.seqcache::text AS cache,
       s.seqcycle AS cycle
FROM pg_catalog.pg_sequence s
WHERE s.seqrelid = ANY ($1::pg_catalog.oid[])
ORDER BY s.seqrelid
