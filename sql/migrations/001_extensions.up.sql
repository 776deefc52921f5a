-- 001_extensions: trusted extensions the schema relies on (the database owner may create them).
-- pgcrypto: digests for deterministic demo data; citext: case-insensitive e-mail; pg_trgm: fuzzy company search.
CREATE EXTENSION IF NOT EXISTS pgcrypto;
CREATE EXTENSION IF NOT EXISTS citext;
CREATE EXTENSION IF NOT EXISTS pg_trgm;
