-- Identifiers (jti) of the client assertions department systems have traded for access tokens
-- (RFC 7523). The primary key makes "insert or fail" the replay check, atomic across every hub
-- instance; a row is kept until its assertion could no longer be accepted, then purged.
create table auth_assertion_jtis (
  issuer      char(18)    not null,
  jti         text        not null check (length(jti) between 1 and 256),
  expires_at  timestamptz not null,
  created_at  timestamptz not null default now(),
  primary key (issuer, jti)
);
create index auth_assertion_jtis_expires_at on auth_assertion_jtis (expires_at);
