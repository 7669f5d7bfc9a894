/**
 * @module payloads/verification-request
 * 查验请求 Verification request — generated from schemas/messages/verification-request.json (https://zhengzhao.gov.cn/schemas/messages/verification-request/1.json); do not edit.
 * Regenerate: npx vitest run --config test/vitest.config.ts --project unit connectors/sdk/src/payload-types.test.ts -u
 */
/** 用途 Purpose */
export interface Purpose {
  /** 办件编号 Case number */
  caseNo: string;
  /** 事项 Service item */
  serviceItem?: string;
}

/** 所查证照 Licence asked */
export type Licence = {
  /** 证照标识 Licence identifier */
  licenseId?: string;
  /** 证照编号 Licence number */
  number?: string;
  /** 证照类型代码 Type code */
  typeCode?: string;
  /** 持证者 Holder */
  holder?: {
    /** 证件号码 Holder id */
    id?: string;
    /** 名称 Holder name */
    name?: string;
  };
} & (({
  licenseId: unknown;
} | {
  number: unknown;
  typeCode: unknown;
}));

/** 单份查验 One licence */
export type Single = Licence & {
  purpose: Purpose;
};

/** 批量查验 A batch */
export interface Batch {
  /** 证照 Licences */
  items: Item[];
  purpose: Purpose;
}

/** 批量中的一份 A batch item */
export type Item = Licence & Record<string, unknown>;
