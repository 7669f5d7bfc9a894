/**
 * @module core/cases/case-errors
 * Failures of cases, the working-day calendar and the material check, each with a stable code.
 */
import { HubError } from '../errors.js';

/**
 * The exact calendar of a year not entered was asked for (`GET /v1/calendar/{year}`). Clocks do not
 * throw it: they count such a year Monday to Friday and say they are provisional (working-calendar).
 */
export class CalendarYearUnknownError extends HubError {
  static override code = 'ERR_CALENDAR_YEAR_UNKNOWN';
}

/** A calendar correction that contradicts itself (a date outside its year, a make-up day off). */
export class CalendarInvalidError extends HubError {
  static override code = 'ERR_CALENDAR_INVALID';
}

export class CaseNotFoundError extends HubError {
  static override code = 'ERR_CASE_NOT_FOUND';
}

/** No material package with this digest that the caller's department may see (the two are not told apart). */
export class CasePackageNotFoundError extends HubError {
  static override code = 'ERR_CASE_PACKAGE_NOT_FOUND';
}

export class CaseExistsError extends HubError {
  static override code = 'ERR_CASE_EXISTS';
}

/** The case is decided, delivered or withdrawn: nothing may be looked up or changed for it. */
export class CaseNotOpenError extends HubError {
  static override code = 'ERR_CASE_NOT_OPEN';
}

/** The caller's department neither leads nor takes part in the case's item. */
export class CaseScopeError extends HubError {
  static override code = 'ERR_CASE_SCOPE';
}

/** A milestone that does not fit the case's state (resume without stop, step of a stranger …). */
export class MilestoneInvalidError extends HubError {
  static override code = 'ERR_MILESTONE_INVALID';
}

export class ApplicantIdInvalidError extends HubError {
  static override code = 'ERR_APPLICANT_ID_INVALID';
}

/** Too many holder look-ups by one caller: purpose binding is not a licence to sweep. */
export class HolderLookupRateLimitedError extends HubError {
  static override code = 'ERR_HOLDER_LOOKUP_RATE_LIMITED';
  override readonly retriable = true;
}

/** A material the published item does not list: what is not published may not be demanded. */
export class MaterialNotPublishedError extends HubError {
  static override code = 'ERR_MATERIAL_NOT_PUBLISHED';
}

/** The milestone of this message id is already recorded: a redelivery, harmless. */
export class MilestoneDuplicateError extends HubError {
  static override code = 'ERR_MILESTONE_DUPLICATE';
}
