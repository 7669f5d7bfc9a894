-- A material package is found by the SHA-256 of its JWS (hex): the QR code printed on the package
-- and the 一次性告知书 is a link carrying only this digest, never a case's applicant.
alter table case_packages add column digest text;
update case_packages set digest = encode(sha256(convert_to(jws, 'UTF8')), 'hex');
alter table case_packages alter column digest set not null;
create unique index case_packages_by_digest on case_packages (digest);
