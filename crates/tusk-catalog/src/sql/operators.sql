-- Operators to dump. Minimum server version: 13 (unchanged up to 18; 13 still has postfix
-- operators, oprkind 'r', which pg_dump 15 dumps with their LEFTARG).
-- Returns one row per operator: oid, schema, name, owner, kind (oprkind: 'b' infix, 'l'
-- prefix, 'r' postfix), code / restrict_fn / join_fn (regprocedure text, '-' when none),
-- left_type / right_type (regtype text, '-' when none), left_schema / left_name and
-- right_schema / right_name (the operand types' schema and pg_type name, for the sort; NULL
-- when none), commutator_schema / commutator_name and negator_schema / negator_name (NULL
-- when none), merges (oprcanmerge), hashes (oprcanhash).
-- Leaves out shell operators (no function yet: made by a COMMUTATOR or NEGATOR reference,
-- pg_dump writes nothing for them), system schemas and extension members.
-- $1: text[] of schema names to keep, NULL for all.
SELECT o.oid,
       n.nspname AS schema,
       o.oprname AS name,
       pg_catalog.pg_get_userbyid(o.oprowner) AS owner,
       o.oprkind::text AS kind,
       o.oprcode::pg_catalog.oid::pg_catalog.regprocedure::pg_catalog.text AS code,
       o.oprleft::pg_catalog.regtype::pg_catalog.text AS left_type,
       o.oprright::pg_catalog.regtype::pg_catalog.text AS right_type,
       ln.nspname AS left_schema,
       lt.typname AS left_name,
       rn.nspname AS right_schema,
       rt.typname AS right_name,
       cn.nspname AS commutator_schema,
       c.oprname AS commutator_name,
       gn.nspname AS negator_schema,
       g.oprname AS negator_name,
       o.oprrest::pg_catalog.oid::pg_catalog.regprocedure::pg_catalog.text AS restrict_fn,
       o.oprjoin::pg_catalog.oid::pg_catalog.regprocedure::pg_catalog.text AS join_fn,
       o.oprcanmerge AS merges,
       o.oprcanhash AS hashes
FROM pg_catalog.pg_operator o
JOIN pg_catalog.pg_namespace n ON n.oid = o.oprnamespace
LEFT JOIN pg_catalog.pg_type lt ON lt.oid = o.oprleft
LEFT JOIN pg_catalog.pg_namespace ln ON ln.oid = lt.typnamespace
LEFT JOIN pg_catalog.pg_type rt ON rt.oid = o.oprright
LEFT JOIN pg_catalog.pg_namespace rn ON rn.oid = rt.typnamespace
LEFT JOIN pg_catalog.pg_operator c ON c.oid = o.oprcom
LEFT JOIN pg_catalog.pg_namespace cn ON cn.oid = c.oprnamespace
LEFT JOIN pg_catalog.pg_operator g ON g.oid = o.oprnegate
LEFT JOIN pg_catalog.pg_namespace gn ON gn.oid = g.oprnamespace
WHERE n.nspname !~ '^pg_'
  AND n.nspname <> 'information_schema'
  AND ($1::text[] IS NULL OR n.nspname = ANY ($1::text[]))
  AND o.oprcode::pg_catalog.oid <> 0
  AND NOT EXISTS (
      SELECT 1 FROM pg_catalog.pg_depend x
      WHERE x.classid = 'pg_catalog.pg_operator'::pg_catalog.regclass
        AND x.objid = o.oid AND x.deptype = 'e')
ORDER BY o.oid
