/**
 * The one list of commands. Adding a command group touches its file and this list.
 * Only the group named on the command line is imported, because start-up time is
 * what a clerk at a window waits for.
 */
import type { Command } from 'commander';
import { type LocalText, text } from '../core/text.js';
import type { App } from './app.js';

export interface CommandModule {
  register(program: Command, app: App): void;
}

export interface CommandEntry {
  name: string;
  summary: LocalText;
  load(): Promise<CommandModule>;
}

export const COMMANDS: readonly CommandEntry[] = [
  {
    name: 'init',
    summary: text('创建或升级数据库，写入中心设置', 'create or migrate the database and store settings'),
    load: () => import('./commands/database.js'),
  },
  { name: 'dept', summary: text('部门', 'departments'), load: () => import('./commands/dept.js') },
  { name: 'window', summary: text('窗口', 'windows'), load: () => import('./commands/window.js') },
  { name: 'items', summary: text('事项目录：导入、查询、导出、检查', 'item catalog: import, list, export, check'), load: () => import('./commands/items.js') },
  { name: 'calendar', summary: text('工作日日历', 'working-day calendar'), load: () => import('./commands/calendar.js') },
  { name: 'case', summary: text('办件', 'cases'), load: () => import('./commands/case.js') },
  { name: 'cases', summary: text('批量办件', 'cases in bulk'), load: () => import('./commands/cases.js') },
  { name: 'complaint', summary: text('投诉', 'complaints'), load: () => import('./commands/complaint.js') },
  {
    name: 'alerts',
    summary: text('电子监察：超期与临期预警', 'electronic supervision: overdue and due-soon alerts'),
    load: () => import('./commands/alerts.js'),
  },
  {
    name: 'report',
    summary: text('报表：月度统计与窗口考核', 'reports: monthly statistics and window assessment'),
    load: () => import('./commands/report.js'),
  },
  {
    name: 'demo',
    summary: text('建一个示范中心并输出上月报表', "build a demo center and print last month's reports"),
    load: () => import('./commands/demo.js'),
  },
  { name: 'backup', summary: text('在线备份数据库', 'online backup of the database'), load: () => import('./commands/database.js') },
  {
    name: 'doctor',
    summary: text('检查数据库：完整性、结构版本、日历覆盖年份', 'check the database: integrity, schema version, calendar years'),
    load: () => import('./commands/database.js'),
  },
];
