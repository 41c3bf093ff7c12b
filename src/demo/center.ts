/** The demo hall: its counters, clerks and back office, and how often each item is asked for. */

export interface DemoWindow {
  code: string;
  name: string;
  /** null: a 综合窗口, accepting items of several departments. */
  department: string | null;
  /** The clerks at the counter, recorded as the operators of its events. */
  clerks: readonly string[];
}

/** The counters of the demo hall; `fixtures/demo-catalog.csv` enters its items at these codes. */
export const DEMO_WINDOWS: readonly DemoWindow[] = [
  { code: 'A01', name: '企业登记窗口', department: '市场监督管理局', clerks: ['林晓燕', '陈志强'] },
  { code: 'A02', name: '食品药品许可窗口', department: '市场监督管理局', clerks: ['黄丽娟', '吴建平'] },
  { code: 'B01', name: '户政窗口', department: '公安局', clerks: ['郑美玲', '刘洋'] },
  { code: 'B02', name: '出入境窗口', department: '公安局', clerks: ['张婷', '王磊'] },
  { code: 'B03', name: '车驾管窗口', department: '公安局', clerks: ['李俊杰', '周敏'] },
  { code: 'C01', name: '社保就业窗口', department: '人力资源和社会保障局', clerks: ['许文静', '何斌'] },
  { code: 'C02', name: '医保窗口', department: '医疗保障局', clerks: ['杨雪', '蔡明辉'] },
  { code: 'D01', name: '不动产登记窗口', department: '自然资源和规划局', clerks: ['邱海燕', '方志刚'] },
  { code: 'D02', name: '建设工程窗口', department: '住房和城乡建设局', clerks: ['潘立新', '谢娜'] },
  { code: 'D03', name: '生态环境窗口', department: '生态环境局', clerks: ['曾凡'] },
  { code: 'E01', name: '卫生健康窗口', department: '卫生健康委员会', clerks: ['罗佳', '江涛'] },
  { code: 'E02', name: '交通运输窗口', department: '交通运输局', clerks: ['彭宇'] },
  { code: 'F01', name: '税务窗口', department: '税务局', clerks: ['高晓红', '叶青', '徐凯'] },
  { code: 'G01', name: '综合受理窗口', department: null, clerks: ['沈丹', '钟国华'] },
];

/** Who reviews and decides in the departments' back offices. */
export const BACKOFFICE_STAFF = ['审批科 赵卫东', '审批科 孙红梅', '业务科 马俊', '业务科 冯静'];

export type Applicant = 'person' | 'company' | 'either';

/**
 * How a center's items differ in real life: a few items make most of the cases (户政,
 * 出入境, 企业登记, 不动产), most are rare. `late` is the share of cases concluded after
 * the deadline; `special` lists the 行政许可法 Art. 45 procedures an item may need.
 */
export interface ItemProfile {
  weight: number;
  applicant: Applicant;
  late?: number;
  supplement?: number;
  special?: readonly string[];
}

export const DEMO_ITEM_PROFILES: Readonly<Record<string, ItemProfile>> = {
  XK01001000: { weight: 28, applicant: 'company', supplement: 0.12 },
  XK01002000: { weight: 20, applicant: 'company' },
  XK01003000: { weight: 7, applicant: 'company' },
  XK01004000: { weight: 34, applicant: 'person' },
  XK01005000: { weight: 10, applicant: 'person' },
  XK02001001: { weight: 13, applicant: 'either', supplement: 0.15 },
  XK02001002: { weight: 5, applicant: 'either' },
  XK02001003: { weight: 4, applicant: 'either' },
  XK02002000: { weight: 2, applicant: 'company', special: ['检验'], supplement: 0.2 },
  QT02003000: { weight: 3, applicant: 'company' },
  XK02004000: { weight: 2, applicant: 'company', special: ['检验'] },
  QR03001000: { weight: 30, applicant: 'person' },
  QR03002000: { weight: 11, applicant: 'person', supplement: 0.1 },
  QR03003000: { weight: 8, applicant: 'person' },
  GG03004000: { weight: 9, applicant: 'person' },
  XK03005000: { weight: 14, applicant: 'person' },
  XK03006000: { weight: 16, applicant: 'person' },
  XK03007000: { weight: 2, applicant: 'person' },
  XK03008000: { weight: 18, applicant: 'person' },
  XK03009000: { weight: 8, applicant: 'either' },
  QR03010000: { weight: 6, applicant: 'either' },
  GG04001000: { weight: 10, applicant: 'person' },
  GG04002000: { weight: 5, applicant: 'person' },
  JF04003000: { weight: 6, applicant: 'person', supplement: 0.1 },
  GG04004000: { weight: 10, applicant: 'person' },
  JF04005000: { weight: 4, applicant: 'person', late: 0.03 },
  GG05001000: { weight: 12, applicant: 'person' },
  JF05002000: { weight: 4, applicant: 'person', supplement: 0.2, late: 0.04 },
  QR05003000: { weight: 3, applicant: 'person', special: ['专家评审', '鉴定'] },
  QR06001000: { weight: 6, applicant: 'either', late: 0.08, special: ['检测'] },
  QR06002000: { weight: 16, applicant: 'either', late: 0.04, supplement: 0.12 },
  QR06003000: { weight: 10, applicant: 'either', late: 0.03 },
  GG06004000: { weight: 8, applicant: 'person' },
  XK07001000: { weight: 3, applicant: 'company', late: 0.06, supplement: 0.2 },
  XK07002000: { weight: 1, applicant: 'company', special: ['检测', '专家评审'] },
  XK07003000: { weight: 1, applicant: 'company', late: 0.1, special: ['专家评审'] },
  QT07004000: { weight: 2, applicant: 'company' },
  XK08001000: { weight: 2, applicant: 'company', special: ['专家评审', '听证'] },
  XK08002000: { weight: 1, applicant: 'company', special: ['检测'] },
  XK09001000: { weight: 5, applicant: 'either', special: ['检测'] },
  XK09002000: { weight: 1, applicant: 'company', special: ['检验', '专家评审'] },
  GG09003000: { weight: 2, applicant: 'person' },
  XK10001000: { weight: 2, applicant: 'company' },
  XK10002000: { weight: 4, applicant: 'person' },
  QT10003000: { weight: 4, applicant: 'either' },
  GG11001000: { weight: 18, applicant: 'company' },
  QR11002000: { weight: 8, applicant: 'company' },
  GG11003000: { weight: 8, applicant: 'person' },
  JF12001000: { weight: 2, applicant: 'person', supplement: 0.2 },
  QR12002000: { weight: 3, applicant: 'person' },
  XK13001000: { weight: 1, applicant: 'company', special: ['听证', '招标', '拍卖', '检疫'] },
  XK14001000: { weight: 1, applicant: 'company', special: ['专家评审'] },
};

export const DEFAULT_PROFILE: ItemProfile = { weight: 1, applicant: 'either' };

/** How often a 一件事 is asked for, and by whom. */
export interface BundleProfile {
  weight: number;
  applicant: Applicant;
}

/**
 * The bundles of `fixtures/bundles.csv` as a center sees them: births, new businesses and
 * home sales most, a pharmacy rarely.
 */
export const DEMO_BUNDLE_PROFILES: Readonly<Record<string, BundleProfile>> = {
  YJS001: { weight: 8, applicant: 'company' }, // 开办企业
  YJS002: { weight: 8, applicant: 'person' }, // 新生儿出生
  YJS003: { weight: 2, applicant: 'company' }, // 企业注销
  YJS004: { weight: 6, applicant: 'person' }, // 二手房交易登记
  YJS005: { weight: 3, applicant: 'person' }, // 开办餐饮店 (个体工商户)
  YJS006: { weight: 3, applicant: 'person' }, // 职工退休
  YJS007: { weight: 3, applicant: 'person' }, // 失业
  YJS008: { weight: 3, applicant: 'company' }, // 企业信息变更
  YJS009: { weight: 1, applicant: 'either' }, // 开办药店
};
