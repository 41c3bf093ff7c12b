/**
 * Who comes to the demo hall and what they write: believable names, valid resident ids
 * and credit codes (their check characters computed, so the demo never trips the id
 * checks), channels, and the reasons, comments and complaints of a real hall.
 */
import type { Channel } from '../core/case-values.js';
import type { ComplaintCategory } from '../core/complaint.js';
import { addDays } from '../core/dates.js';
import { CREDIT_ALPHABET, creditCheckCharacter, residentCheckCharacter } from '../core/ids.js';
import type { ComplaintChannel } from '../core/oversight.js';
import type { Dice } from './dice.js';

export const SURNAMES = [
  ...'王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦方白邹孟熊秦邱江尹薛段雷侯龙史黎贺顾毛郝龚邵万钱严覃武戴孔汤庞',
];
export const GIVEN = [...'伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玲建国志红文辉鹏飞云峰海燕晓梅婷雪琳欣怡子涵宇浩然梓轩诗雨佳一鑫博嘉'];
export const COMPANY_WORDS = [
  '鑫源',
  '恒达',
  '华兴',
  '宏图',
  '天润',
  '嘉禾',
  '瑞丰',
  '金诚',
  '海峡',
  '闽江',
  '新锐',
  '永盛',
  '博雅',
  '安泰',
  '聚福',
  '德信',
  '长青',
  '启航',
  '明途',
  '榕城',
];
export const INDUSTRIES = [
  '餐饮管理',
  '商贸',
  '建筑工程',
  '信息科技',
  '物流',
  '食品',
  '医疗器械',
  '装饰工程',
  '文化传媒',
  '农业开发',
  '房地产开发',
  '汽车服务',
];
/** County codes (GB/T 2260) of the demo city's districts: the first six characters of residents' ids. */
export const REGIONS = ['350102', '350103', '350104', '350105', '350111', '350121', '350122', '350181'];

export const SUPPLEMENT_MATERIALS = [
  '营业执照副本复印件',
  '法定代表人身份证明',
  '经营场所使用证明',
  '房屋产权证明',
  '申请表签字页',
  '委托书原件',
  '户口簿原件',
  '婚姻状况证明',
  '社保缴费明细',
  '近期免冠照片',
  '竣工验收报告',
  '平面布局图',
];
export const REFUSAL_REASONS = [
  '申请事项不属于本机关职权范围，已告知向有关行政机关申请',
  '申请人不具备申请资格',
  '申请事项依法不需要取得行政许可',
  '申请材料涉及事项已由其他机关受理',
];
export const WITHDRAWAL_REASONS = ['申请人主动撤回申请', '经营计划变更，申请撤回', '材料无法按期补齐，申请人撤回', '已通过网上办理，撤回窗口申请'];
export const DENIAL_REASONS = ['现场核查不符合法定条件', '申请材料与实际情况不符', '不符合规划要求', '未通过专家评审'];
export const BAD_COMMENTS = ['等候时间太长', '窗口人员态度生硬', '材料要求前后不一致，跑了两趟', '办理进度没人告知', '预约后仍排队一个多小时'];
export const GOOD_COMMENTS = ['办事效率高', '工作人员耐心细致', '一次就办好了', '', '', ''];
/** How a window puts a 差评 right (整改), by what the person complained of. */
export const RECTIFY_NOTES: Readonly<Record<string, string>> = {
  等候时间太长: '高峰时段增开窗口，启用弹性排班，平均等候时间已压缩到二十分钟以内',
  窗口人员态度生硬: '已约谈当事工作人员，组织服务礼仪再培训，纳入月度考核',
  '材料要求前后不一致，跑了两趟': '统一材料清单和一次性告知口径，已在窗口和网上公示',
  办理进度没人告知: '开通办理进度短信提醒，承诺件受理后逐环节告知',
  预约后仍排队一个多小时: '预约号单独叫号，预约时段按窗口受理能力放号',
};
export const RECTIFY_FALLBACK = '已核实情况，对窗口工作人员进行提醒教育并落实整改';
export const VISIT_SATISFIED = ['电话回访，群众对整改情况表示满意', '电话回访，群众表示理解并认可整改措施', '短信回访，群众回复满意'];
export const VISIT_UNSATISFIED = ['电话回访，群众认为等候时间仍然较长，对整改不满意', '电话回访，群众表示问题未根本解决，不满意'];
/** 申诉成立: the appeals that take a 差评 out of the statistics (误评, 恶意差评, 评价对象错误). */
export const INVALID_REASONS = [
  '误评：经电话核实，群众本意为“非常满意”，操作时点错星级',
  '恶意差评：评价人与办件无关，系同业竞争者多次恶意评价，经核查申诉成立',
  '评价对象错误：群众不满的是银行代办点的收费，非本窗口服务',
  '误评：群众在自助终端上误触，现场核实后申诉成立',
];

/**
 * What people bring to the 12345 hotline and the center's own channels, by category
 * (SPEC §7.3), each with the window it is put to; null: the window of a case of the month.
 */
export const COMPLAINT_TEXTS: Readonly<Record<ComplaintCategory, readonly (readonly [string, string | null])[]>> = {
  consult: [
    ['咨询新生儿落户需要准备哪些材料、能否网上办理', 'B01'],
    ['咨询个体工商户营业执照的办理流程和所需时间', 'A01'],
    ['咨询二手房过户需要双方到场几次、缴纳哪些税费', 'D01'],
    ['咨询港澳通行证续签能否在自助机办理', 'B02'],
    ['咨询灵活就业人员如何办理社保参保登记', 'C01'],
    ['咨询异地就医备案的办理条件和途径', 'C02'],
  ],
  help: [
    ['身份证遗失，下周需乘机出差，求助办理临时身份证', 'B01'],
    ['营业执照正本遗失，求助补领的流程和材料', 'A01'],
    ['不动产权证书遗失，急需办理抵押贷款，求助补证', 'D01'],
    ['驾驶证遗失且即将到期，求助一并办理补证换证', 'B03'],
    ['老人卧床行动不便，求助上门办理社保待遇认证', 'C01'],
  ],
  suggest: [
    ['建议在等候区增加座椅，高峰时段很多群众站着等候', 'G01'],
    ['建议增设老年人、残疾人绿色通道和爱心专窗', 'G01'],
    ['建议周六上午开放不动产登记窗口', 'D01'],
    ['建议大厅增加自助复印打印设备，免费复印证件', 'G01'],
    ['建议在出入境窗口旁增设照相点', 'B02'],
  ],
  complaint: [
    ['窗口工作人员午休前提前停止受理', null],
    ['同一材料被要求反复提交', null],
    ['工作人员服务态度差，言语生硬', null],
    ['办件超过承诺时限未办结也未告知', null],
    ['叫号后窗口无人', null],
    ['排队等候两个多小时，窗口只开一个', null],
    ['咨询电话长期无人接听', null],
  ],
  report: [
    ['举报窗口工作人员暗示缴纳“加急费”可提前出证', null],
    ['举报有中介在大厅门口收取代办费，称可走“绿色通道”', null],
    ['举报窗口收取未公示的材料工本费', null],
    ['举报工作人员向申请人推荐指定中介并收取费用', null],
  ],
};
export const COMPLAINT_CHANNELS: readonly ComplaintChannel[] = ['现场', '电话', '12345', '12345', '信箱', '网络'];
export const DEDUCTIONS: readonly [string, number][] = [
  ['巡查发现工作时间脱岗', 2],
  ['迟到', 1],
  ['工作时间玩手机游戏', 2],
  ['未按规定着装、佩戴工作牌', 1],
  ['窗口吸烟', 2],
];
export const COMMENDATIONS: readonly [string, number][] = [
  ['群众赠送锦旗', 3],
  ['收到群众表扬信', 1],
];

export function personName(dice: Dice): string {
  const given = dice.chance(0.7) ? dice.pick(GIVEN) + dice.pick(GIVEN) : dice.pick(GIVEN);
  return dice.pick(SURNAMES) + given;
}

export function residentId(dice: Dice): string {
  const birth = addDays('1950-01-01', dice.between(0, 20_000));
  const first17 = `${dice.pick(REGIONS)}${birth.replaceAll('-', '')}${String(dice.between(1, 999)).padStart(3, '0')}`;
  return first17 + residentCheckCharacter(first17);
}

export function creditCode(dice: Dice): string {
  let organisation = 'MA';
  for (let index = 0; index < 7; index++) organisation += dice.pick([...CREDIT_ALPHABET]);
  const first17 = `91${dice.pick(REGIONS)}${organisation}`;
  return first17 + creditCheckCharacter(first17);
}

/** A person or a company of the demo city, with a valid id of its kind. */
export function applicantOf(dice: Dice, company: boolean): { applicant: string; applicantId: string } {
  const applicant = company ? `示范市${dice.pick(COMPANY_WORDS)}${dice.pick(INDUSTRIES)}有限公司` : personName(dice);
  return { applicant, applicantId: company ? creditCode(dice) : residentId(dice) };
}

export function channelOf(dice: Dice, company: boolean): Channel {
  const roll = dice.unit();
  if (roll < 0.66) return 'window';
  if (roll < 0.78) return 'appointment';
  if (roll < 0.88) return 'online';
  if (roll < 0.97) return company ? 'proxy' : 'kiosk';
  return 'proxy';
}
