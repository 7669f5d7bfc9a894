/**
 * @module core/catalogue/catalogue-errors
 */
import { HubError } from '../errors.js';

export class CatalogueItemNotFoundError extends HubError {
  static override code = 'ERR_CATALOGUE_ITEM_NOT_FOUND';
}

/** The item exists only as a draft: what is not published may not be demanded of an applicant. */
export class CatalogueItemNotPublishedError extends HubError {
  static override code = 'ERR_CATALOGUE_ITEM_NOT_PUBLISHED';
}

/** The item passes its contract but contradicts itself or the hub (unknown licence type, …). */
export class CatalogueItemInvalidError extends HubError {
  static override code = 'ERR_CATALOGUE_ITEM_INVALID';
}

export class CatalogueImportInvalidError extends HubError {
  static override code = 'ERR_CATALOGUE_IMPORT_INVALID';
}
