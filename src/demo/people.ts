/**
 * Who comes to the demo hall and what they write: believable names, valid resident ids
 * and credit codes (their check characters computed, so the demo never trips the id
 * checks), channels, and the reasons, comments and complaints of a real hall.
 */
import type { Channel } from '../core/case-values.js';
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
export const COMPLAINT_SUMMARIES = [
  '窗口工作人员午休前提前停止受理',
  '同一材料被要求反复提交',
  '工作人员服务态度差，言语生硬',
  '办件超过承诺时限未办结也未告知',
  '叫号后窗口无人',
  '咨询电话长期无人接听',
];
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
