-- Operator classes to dump. Minimum server version: 13 (unchanged up to 18).
-- Returns one row per class: oid, schema, name, owner, method (the access method's name),
-- is_default (opcdefault), in_type / key_type (regtype text of opcintype / opckeytype, '-'
-- when no key type), family_schema / family_name. Their members come from
-- opclass_members.sql.
-- Leaves out system schemas and extension members.
-- $1: text[] of schema names to keep, NULL for all.
SELECT c.oid,
       n.nspname AS schema,
       c.opcname AS name,
       pg_catalog.pg_get_userbyid(c.opcowner) AS owner,
       am.amname AS method,
       c.opcdefault AS is_default,
       c.opcintype::pg_catalog.regtype::pg_catalog.text AS in_type,
       c.opckeytype::pg_catalog.regtype::pg_catalog.text AS key_type,
       fn.nspname AS family_schema,
       f.opfname AS family_name
FROM pg_catalog.pg_opclass c
JOIN pg_catalog.pg_namespace n ON n.oid = c.opcnamespace
JOIN pg_catalog.pg_am am ON am.oid = c.opcmethod
JOIN pg_catalog.pg_opfamily f ON f.oid = c.opcfamily
JOIN pg_catalog.pg_namespace fn ON fn.oid = f.opfnamespace
WHERE n.nspname !~ '^pg_'
  AND n.nspname <> 'information_schema'
  AND ($1::text[] IS NULL OR n.nspname = ANY ($1::text[]))
  AND NOT EXISTS (
      SELECT 1 FROM pg_catalog.pg_depend x
      WHERE x.classid = 'pg_catalog.pg_opclass'::pg_catalog.regclass
        AND x.objid = c.oid AND x.deptype = 'e')
ORDER BY c.oid
