-- Comments on schemas, extensions, types, functions, relations (and their columns),
-- constraints, triggers, rules, policies, collations, extended statistics, text search
-- parsers, templates, dictionaries and configurations, operators, operator classes and
-- families, casts, conversions, procedural languages, transforms, access methods,
-- foreign-data wrappers, foreign servers, event triggers, publications and subscriptions
-- (whose comments are in pg_description too, though pg_subscription is a shared catalog).
-- Minimum server version: 13.
-- Returns: classoid, objoid, objsubid, description, ordered by object.
SELECT d.classoid, d.objoid, d.objsubid, d.description
FROM pg_catalog.pg_description d
WHERE d.classoid IN ('pg_catalog.pg_namespace'::pg_catalog.regclass,
                     'pg_catalog.pg_extension'::pg_catalog.regclass,
                     'pg_catalog.pg_type'::pg_catalog.regclass,
                     'pg_catalog.pg_proc'::pg_catalog.regclass,
                     'pg_catalog.pg_class'::pg_catalog.regclass,
                     'pg_catalog.pg_constraint'::pg_catalog.regclass,
                     'pg_catalog.pg_trigger'::pg_catalog.regclass,
                     'pg_catalog.pg_rewrite'::pg_catalog.regclass,
                     'pg_catalog.pg_policy'::pg_catalog.regclass,
                     'pg_catalog.pg_collation'::pg_catalog.regclass,
                     'pg_catalog.pg_statistic_ext'::pg_catalog.regclass,
                     'pg_catalog.pg_ts_parser'::pg_catalog.regclass,
                     'pg_catalog.pg_ts_template'::pg_catalog.regclass,
                     'pg_catalog.pg_ts_dict'::pg_catalog.regclass,
                     'pg_catalog.pg_ts_config'::pg_catalog.regclass,
                     'pg_catalog.pg_operator'::pg_catalog.regclass,
                     'pg_catalog.pg_opclass'::pg_catalog.regclass,
                     'pg_catalog.pg_opfamily'::pg_catalog.regclass,
                     'pg_catalog.pg_cast'::pg_catalog.regclass,
                     'pg_catalog.pg_conversion'::pg_catalog.regclass,
                     'pg_catalog.pg_language'::pg_catalog.regclass,
                     'pg_catalog.pg_transform'::pg_catalog.regclass,
                     'pg_catalog.pg_am'::pg_catalog.regclass,
                     'pg_catalog.pg_foreign_data_wrapper'::pg_catalog.regclass,
                     'pg_catalog.pg_foreign_server'::pg_catalog.regclass,
                     'pg_catalog.pg_event_trigger'::pg_catalog.regclass,
                     'pg_catalog.pg_publication'::pg_catalog.regclass,
                     'pg_catalog.pg_subscription'::pg_catalog.regclass)
ORDER BY d.classoid, d.objoid, d.objsubid
