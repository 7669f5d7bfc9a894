-- Licences: the sealed JWS as submitted (the proof), the facts the hub reads from it, the lifecycle
-- and its history, and which departments may issue which licence types.

create table license_type_issuers (
  type_code   text        not null,
  department  char(18)    not null references departments (uscc),
  granted_by  text        not null,
  granted_at  timestamptz not null default now(),
  primary key (type_code, department)
);

create table licenses (
  id             text        primary key,
  type_code      text        not null,
  issuer         char(18)    not null,
  issuer_name    text        not null,
  number         text        not null,
  -- GB/T 36904 identifier without version and check char: every version of one licence shares it.
  lineage        text        not null,
  id_version     integer     not null check (id_version between 1 and 999),
  revision       integer     not null default 1,
  status         text        not null check (status in ('valid', 'suspended', 'revoked', 'cancelled', 'expired', 'replaced')),
  holder_name    text        not null,
  holder_id_type text        not null,
  holder_id      text        not null,
  issued_at      date        not null,
  valid_from     date        not null,
  valid_until    date,
  payload        jsonb       not null,
  jws            text        not null,
  digest         char(64)    not null unique,
  seal_serial    text        not null,
  replaces       text        references licenses (id),
  replaced_by    text,
  created_at     timestamptz not null default now(),
  updated_at     timestamptz not null default now(),
  unique (lineage, id_version)
);
-- Verification by printed number (with or without the type code).
create index licenses_number on licenses (number, type_code);
-- The expiry job: only licences that can still expire.
create index licenses_expiry on licenses (valid_until) where status in ('valid', 'suspended');

create table license_history (
  id          bigserial   primary key,
  license_id  text        not null references licenses (id),
  revision    integer     not null,
  status      text        not null,
  previous    text,
  reason      text,
  national_code text,
  -- The sealed status change, when the change came from the issuer.
  jws         text,
  actor       text        not null,
  at          timestamptz not null default now()
);
create index license_history_license on license_history (license_id, revision);
