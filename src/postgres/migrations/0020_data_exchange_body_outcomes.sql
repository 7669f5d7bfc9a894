-- Where a department's rules demand its exchanges be kept, an exchange the provider did not answer
-- well — a refusal, a timeout, an unreachable endpoint, a malformed answer — keeps what it has too,
-- so an auditor can see what was asked: the request body always, the answer body only where one
-- arrived (hence nullable), and the outcome code the exchange ended with ('ok' for an answer).
alter table data_exchange_bodies add column outcome text not null default 'ok';
alter table data_exchange_bodies alter column outcome drop default;
alter table data_exchange_bodies alter column response_sealed drop not null;
