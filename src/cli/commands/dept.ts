/** `hall dept add|list`. */
import type { Command } from 'commander';
import { text } from '../../core/text.js';
import { writeTransaction } from '../../db/database.js';
import { addDepartment, listDepartments } from '../../store/organisation.js';
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

export function register(program: Command, app: App): void {
  const dept = program.command('dept').description(app.t('部门', 'departments'));
  dept.command('add').description(app.t('添加部门', 'add a department')).argument('<name>', app.t('部门名称', 'department name')).action(app.action(add));
  dept.command('list').description(app.t('列出部门', 'list departments')).action(app.action(list));
}
