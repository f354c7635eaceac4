-- Columns of the given relations. Server versions 13 only (no attcompression; see
-- columns_14.sql). Returns: relid, attnum, name, type_name (format_type), not_null, dropped,
-- is_local, identity, generated, stat_target (-1 = default), storage, type_storage,
-- compression ('' = default), options (attoptions joined by ', '), collation_schema and
-- collation_name (only when different from the type's default), fdw_option_names and
-- fdw_option_values (a foreign table column's attfdwoptions, in option name order; empty for
-- other columns), and the column's NOT NULL constraint when it is a pg_constraint row (18+;
-- NULL before): not_null_oid, not_null_name, not_null_no_inherit, not_null_local,
-- not_null_validated.
-- $1: oid[] of the relations.
SELECT a.attrelid AS relid,
       a.attnum,
       a.attname AS name,
       pg_catalog.format_type(a.atttypid, a.atttypmod) AS type_name,
       a.attnotnull AS not_null,
       a.attisdropped AS dropped,
       a.attislocal AS is_local,
       a.attidentity::text AS identity,
       a.attgenerated::text AS generated,
       COALESCE(a.attstattarget, -1)::int4 AS stat_target,
       a.attstorage::text AS storage,
       COALESCE(t.typstorage, a.attstorage)::text AS type_storage,
       ''::text AS compression,
       COALESCE(pg_catalog.array_to_string(a.attoptions, ', '), '') AS options,
       cn.nspname AS collation_schema,
       co.collname AS collation_name,
       CASE WHEN a.attfdwoptions IS NULL THEN '{}'::pg_catalog.text[] ELSE
           ARRAY(SELECT o.option_name FROM pg_catalog.pg_options_to_table(a.attfdwoptions) o
                 ORDER BY o.option_name) END AS fdw_option_names,
       CASE WHEN a.attfdwoptions IS NULL THEN '{}'::pg_catalog.text[] ELSE
           ARRAY(SELECT o.option_value FROM pg_catalog.pg_options_to_table(a.attfdwoptions) o
                 ORDER BY o.option_name) END AS fdw_option_values,
       nn.oid AS not_null_oid,
       nn.conname::pg_catalog.text AS not_null_name,
       nn.connoinherit AS not_null_no_inherit,
       nn.conislocal AS not_null_local,
       nn.convalidated AS not_null_validated
FROM pg_catalog.pg_attribute a
LEFT JOIN pg_catalog.pg_constraint nn
       ON nn.conrelid = a.attrelid AND nn.contype = 'n' AND nn.conkey[1] = a.attnum
LEFT JOIN pg_catalog.pg_type t ON t.oid = a.atttypid
LEFT JOIN pg_catalog.pg_collation co
       ON co.oid = a.attcollation AND a.attcollation <> t.typcollation
LEFT JOIN pg_catalog.pg_namespace cn ON cn.oid = co.collnamespace
WHERE a.attrelid = ANY ($1::pg_catalog.oid[])
  AND a.attnum > 0
ORDER BY a.attrelid, a.attnum
