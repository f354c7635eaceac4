-- The server version and the session setting the deparse functions need.
-- Minimum server version: 13 (any server answers; the caller checks the range).
-- Returns: server_version_num (int4), search_path (the transaction-local search_path set to
-- '' so that format_type, pg_get_expr and friends qualify every name, as under pg_dump),
-- is_superuser (whether the session's user is a superuser: only a superuser may read the
-- subscriptions' connection strings).
SELECT pg_catalog.current_setting('server_version_num')::int4 AS server_version_num,
       pg_catalog.set_config('search_path', '', true) AS search_path,
       pg_catalog.current_setting('is_superuser')::bool AS is_superuser
