-- Field-level entitlement: which departments' systems may read the public fields of a licence type
-- (the contract's disclosure rule says which fields are public). Deny by default.
create table license_type_readers (
  type_code   text        not null,
  department  char(18)    not null references departments (uscc),
  granted_by  text        not null,
  granted_at  timestamptz not null default now(),
  primary key (type_code, department)
);
