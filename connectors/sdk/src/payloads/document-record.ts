/**
 * @module payloads/document-record
 * 批准文书记录 Document record — generated from schemas/documents/document.json (https://zhengzhao.gov.cn/schemas/documents/document/1.json); do not edit.
 * Regenerate: npx vitest run --config test/vitest.config.ts --project unit connectors/sdk/src/payload-types.test.ts -u
 */
import type { Authority, CalendarDate } from './definitions.js';

/** 批准文书记录 Document record */
export interface DocumentRecord {
  /** 文号 Document number */
  docNo: string;
  /** 标题 Title */
  title: string;
  /** 发文机关 Issuing authority */
  issuer: Authority;
  /** 成文日期 Date */
  issuedAt: CalendarDate;
  /** 文件摘要 SHA-256 of the file */
  sha256: string;
}
