-- Data sharing (共享目录): services a provider department offers, the grants consumers hold on them,
-- and the per-window request counts that enforce a grant's rate quota. The message log itself is the
-- audit chain (digests only); nothing here keeps a request or answer body.
create table data_services (
  code             text        primary key,
  name             text        not null,
  description      text        not null,
  provider         char(18)    not null references departments (uscc),
  sharing_class    text        not null check (sharing_class in ('unconditional', 'conditional', 'not-shared')),
  request_schema   text        not null,
  response_schema  text        not null,
  fields           jsonb       not null,
  legal_basis      text        not null,
  timeout_ms       integer     not null,
  created_at       timestamptz not null default now(),
  updated_at       timestamptz not null default now()
);

create table data_grants (
  id                uuid        primary key,
  service           text        not null references data_services (code),
  consumer          char(18)    not null references departments (uscc),
  purposes          text[]      not null,
  requested_fields  text[]      not null,
  granted_fields    text[],
  status            text        not null check (status in ('pending', 'approved', 'refused', 'withdrawn')),
  quota_per_minute  integer,
  expires_at        timestamptz,
  reason            text,
  applied_by        text        not null,
  decided_by        text,
  created_at        timestamptz not null default now(),
  decided_at        timestamptz
);
create index data_grants_by_consumer on data_grants (consumer, service);
create index data_grants_by_service on data_grants (service);

create table data_grant_usage (
  grant_id      uuid        not null references data_grants (id),
  window_start  timestamptz not null,
  requests      integer     not null,
  primary key (grant_id, window_start)
);
