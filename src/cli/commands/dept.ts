/** `hall dept add|list|rename`. */
import type { Command } from 'commander';
import { text } from '../../core/text.js';
import { writeTransaction } from '../../db/database.js';
import { addDepartment, listDepartments, renameDepartment } from '../../store/organisation.js';
import type { App } from '../app.js';
import type { Context } from '../context.js';
import type { View } from '../render.js';

export function add(ctx: Context, name: string): View {
  const db = ctx.db();
  const department = writeTransaction(db, () => addDepartment(db, name, ctx.timestamp()));
  return { json: department, lines: [text(`已添加部门"${department.name}"`, `added department "${department.name}"`)] };
}

export function list(ctx: Context): View {
  const departments = listDepartments(ctx.db());
  return {
    json: departments,
    tables: [
      {
        columns: [
          { key: 'name', title: text('部门', 'department') },
          { key: 'windows', title: text('窗口数', 'windows'), align: 'right' },
          { key: 'items', title: text('事项数', 'items'), align: 'right' },
        ],
        rows: departments,
      },
    ],
  };
}

export function rename(ctx: Context, name: string, options: { name: string }): View {
  const db = ctx.db();
  const renamed = writeTransaction(db, () => renameDepartment(db, name, options.name));
  return {
    json: renamed,
    lines: [
      renamed.old_name === renamed.name
        ? text(`部门已名为"${renamed.name}"，未作改动`, `the department is already named "${renamed.name}"; nothing changed`)
        : text(`已将部门"${renamed.old_name}"改名为"${renamed.name}"`, `renamed department "${renamed.old_name}" to "${renamed.name}"`),
    ],
  };
}

export function register(program: Command, app: App): void {
  const dept = program.command('dept').description(app.t('部门', 'departments'));
  dept.command('add').description(app.t('添加部门', 'add a department')).argument('<name>', app.t('部门名称', 'department name')).action(app.action(add));
  dept.command('list').description(app.t('列出部门', 'list departments')).action(app.action(list));
  dept
    .command('rename')
    .description(app.t('部门改名（其窗口、事项、办件随之显示新名称）', 'rename a department (its windows, items and cases show the new name)'))
    .argument('<name>', app.t('部门名称，或其名称的开头', 'department name, or the start of it'))
    .requiredOption('--name <name>', app.t('新名称', 'new name'))
    .action(app.action(rename));
}
