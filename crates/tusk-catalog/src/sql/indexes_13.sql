-- Indexes of the given tables, with the PRIMARY KEY / UNIQUE / EXCLUDE constraint they back.
-- Server versions 13 and 14 (no indnullsnotdistinct; see indexes_15.sql).
-- Returns: oid, relid, name, definition (pg_get_indexdef), keys (indkey as int2[]),
-- key_count, clustered, replident, nulls_not_distinct, tablespace ('' for the default),
-- reloptions, parent_index (0 if none), stat_columns / stat_values (per-column statistics
-- targets), constraint_oid / constraint_kind / constraint_name / deferrable / deferred /
-- constraint_def (NULL when no constraint).
-- $1: oid[] of the tables.
SELECT i.indexrelid AS oid,
       i.indrelid AS relid,
       t.relname AS name,
       pg_catalog.pg_get_indexdef(i.indexrelid) AS definition,
       i.indkey::int2[] AS keys,
       i.indnkeyatts::int4 AS key_count,
       i.indisclustered AS clustered,
       i.indisreplident AS replident,
       false AS nulls_not_distinct,
       COALESCE((SELECT s.spcname FROM pg_catalog.pg_tablespace s
                 WHERE s.oid = t.reltablespace), '') AS tablespace,
       COALESCE(t.reloptions, '{}'::text[]) AS reloptions,
       COALESCE(inh.inhparent, 0) AS parent_index,
       COALESCE((SELECT pg_catalog.array_agg(a.attnum::int4 ORDER BY a.attnum)
                 FROM pg_catalog.pg_attribute a
                 WHERE a.attrelid = i.indexrelid AND a.attstattarget >= 0),
                '{}'::int4[]) AS stat_columns,
       COALESCE((SELECT pg_catalog.array_agg(a.attstattarget::int4 ORDER BY a.attnum)
                 FROM pg_catalog.pg_attribute a
                 WHERE a.attrelid = i.indexrelid AND a.attstattarget >= 0),
                '{}'::int4[]) AS stat_values,
       c.oid AS constraint_oid,
       c.contype::text AS constraint_kind,
       c.conname AS constraint_name,
       COALESCE(c.condeferrable, false) AS deferrable,
       COALESCE(c.condeferred, false) AS deferred,
       CASE WHEN c.oid IS NOT NULL
            THEN pg_catalog.pg_get_constraintdef(c.oid, false) END AS constraint_def
FROM pg_catalog.pg_index i
JOIN pg_catalog.pg_class t ON t.oid = i.indexrelid
JOIN pg_catalog.pg_class t2 ON t2.oid = i.indrelid
LEFT JOIN pg_catalog.pg_constraint c
       ON i.indrelid = c.conrelid AND i.indexrelid = c.conindid
      AND c.contype IN ('p', 'u', 'x')
LEFT JOIN pg_catalog.pg_inherits inh ON inh.inhrelid = i.indexrelid
WHERE i.indrelid = ANY ($1::pg_catalog.oid[])
  AND (i.indisvalid OR t2.relkind = 'p')
  AND i.indisready
ORDER BY i.indrelid, t.relname
