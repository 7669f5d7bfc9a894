/**
 * @module payloads/service-item
 * 政务服务事项 Service item — generated from schemas/catalogue/service-item.json (https://zhengzhao.gov.cn/schemas/catalogue/service-item/1.json); do not edit.
 * Regenerate: npx vitest run --config test/vitest.config.ts --project unit connectors/sdk/src/payload-types.test.ts -u
 */
import type { Authority, TypeCode } from './definitions.js';

/** 政务服务事项 Service item */
export interface ServiceItem {
  /** 事项编码 Item code */
  code: string;
  /** 事项名称 Name */
  name: string;
  /** 事项类型 Kind */
  kind: '行政许可' | '行政给付' | '行政确认' | '行政征收' | '其他行政权力' | '公共服务';
  /** 牵头部门 Lead department */
  leadDepartment: Authority;
  /** 并联审批部门 Participating departments */
  participatingDepartments?: Authority[];
  /** 办理层级 Level */
  level: 'village' | 'township' | 'county';
  /** 办理方式 Handling mode */
  handlingMode: '即来即办' | '承诺件';
  /** 法定时限（工作日） Statutory limit (working days) */
  statutoryDays: number;
  /** 承诺时限（工作日） Promised limit (working days) */
  promisedDays: number;
  /** 改革状态 Reform status */
  reformStatus: '可以做到' | '近期可以做到' | '须审慎推开';
  /** 办理条件 Conditions */
  conditions?: string;
  /** 综合窗口 Window */
  window: '投资项目' | '不动产登记' | '商事登记' | '社会事务' | '公用事业';
  /** 设定依据 Legal basis */
  legalBasis: string;
  /** 申请材料 Materials */
  materials: {
    /** 材料编号 Material code */
    code: string;
    /** 材料名称 Name */
    name: string;
    /** 是否必需 Required */
    required: boolean;
    /** 材料形式 Form */
    form: '原件' | '复印件' | '原件或电子件' | '电子件';
    /** 份数 Copies */
    copies: number;
    /** 来源 Source */
    source: ({
      kind: 'license';
      typeCode: TypeCode;
    } | {
      kind: 'document';
      /** 文书种类 Document kind */
      documentKind: string;
    } | {
      kind: 'commitment' | 'paper';
    });
    /** 容缺受理 Tolerated */
    tolerance?: {
      withinDays: number;
    };
  }[];
  /** 收费 Fees */
  fees: {
    /** 收费项目 Fee */
    name: string;
    /** 金额（元） Amount (yuan) */
    amountYuan: string;
    /** 收费依据 Basis */
    basis: string;
  }[];
}
