-- Text search configurations to dump. Minimum server version: 13 (unchanged up to 18).
-- Returns one row per configuration: oid, schema, name, owner, parser_schema / parser_name,
-- and its mappings in (token type, mapseqno) order as two arrays of the same length:
-- map_tokens (the token type's alias from ts_token_type of the parser, '' if unknown) and
-- map_dicts (regdictionary text).
-- Leaves out system schemas and extension members.
-- $1: text[] of schema names to keep, NULL for all.
SELECT c.oid,
       n.nspname AS schema,
       c.cfgname AS name,
       pg_catalog.pg_get_userbyid(c.cfgowner) AS owner,
       pn.nspname AS parser_schema,
       p.prsname AS parser_name,
       ARRAY(SELECT COALESCE(tt.alias, '')
             FROM pg_catalog.pg_ts_config_map m
             LEFT JOIN pg_catalog.ts_token_type(c.cfgparser) AS tt ON tt.tokid = m.maptokentype
             WHERE m.mapcfg = c.oid
             ORDER BY m.maptokentype, m.mapseqno) AS map_tokens,
       ARRAY(SELECT m.mapdict::pg_catalog.regdictionary::pg_catalog.text
             FROM pg_catalog.pg_ts_config_map m
             WHERE m.mapcfg = c.oid
             ORDER BY m.maptokentype, m.mapseqno) AS map_dicts
FROM pg_catalog.pg_ts_config c
JOIN pg_catalog.pg_namespace n ON n.oid = c.cfgnamespace
JOIN pg_catalog.pg_ts_parser p ON p.oid = c.cfgparser
JOIN pg_catalog.pg_namespace pn ON pn.oid = p.prsnamespace
WHERE n.nspname !~ '^pg_'
  AND n.nspname <> 'information_schema'
  AND ($1::text[] IS NULL OR n.nspname = ANY ($1::text[]))
  AND NOT EXISTS (
      SELECT 1 FROM pg_catalog.pg_depend x
      WHERE x.classid = 'pg_catalog.pg_ts_config'::pg_catalog.regclass
        AND x.objid = c.oid AND x.deptype = 'e')
ORDER BY c.oid
