-- Foundation: the transactional outbox and API tokens.

-- Rows are written in the same transaction as the change they announce and deleted once the relay
-- has published them, so the table holds only what is still owed to the bus.
create table outbox (
  id          bigserial primary key,
  topic       text        not null,
  key         text,
  value       bytea       not null,
  headers     jsonb       not null default '{}'::jsonb,
  created_at  timestamptz not null default now()
);

-- Bearer tokens are stored only as SHA-256 digests; the clear token is shown once.
create table api_tokens (
  id          uuid primary key,
  token_hash  bytea       not null unique,
  role        text        not null,
  department  text,
  label       text,
  created_by  text,
  created_at  timestamptz not null default now(),
  expires_at  timestamptz,
  revoked_at  timestamptz
);
