-- The hub CA: its key material (keys encrypted by the application before they get here), the
-- certificates it issued, and every CRL it signed.

create table ca_material (
  name        text        primary key,
  data        bytea       not null,
  updated_at  timestamptz not null default now()
);

create table certificates (
  serial             text        primary key check (serial ~ '^[0-9a-f]+$'),
  profile            text        not null check (profile in ('seal', 'system')),
  department         char(18)    not null references departments (uscc),
  name               text        not null,
  seal_kind          text,
  seal_image         bytea,
  certificate_pem    text        not null,
  key_description    text        not null,
  not_before         timestamptz not null,
  not_after          timestamptz not null,
  status             text        not null default 'valid' check (status in ('valid', 'suspended', 'revoked')),
  revocation_reason  text,
  revoked_at         timestamptz,
  issued_by          text        not null,
  issued_at          timestamptz not null default now()
);
create index certificates_department on certificates (department, profile);
create index certificates_not_after on certificates (not_after) where status = 'valid';
create index certificates_on_crl on certificates (serial) where status <> 'valid';

create table crls (
  crl_number   bigint      primary key,
  der          bytea       not null,
  this_update  timestamptz not null,
  next_update  timestamptz not null,
  created_at   timestamptz not null default now()
);
