/**
 * The one list of commands. Adding a command group touches its file and this list.
 * Only the group named on the command line is imported, because start-up time is
 * what a clerk at a window waits for.
 */
import type { Command } from 'commander';
import type { App } from './app.js';

export interface CommandModule {
  register(program: Command, app: App): void;
}

export interface CommandEntry {
  name: string;
  load(): Promise<CommandModule>;
}

export const COMMANDS: readonly CommandEntry[] = [
  { name: 'init', load: () => import('./commands/database.js') },
  { name: 'dept', load: () => import('./commands/dept.js') },
  { name: 'window', load: () => import('./commands/window.js') },
  { name: 'items', load: () => import('./commands/items.js') },
  { name: 'bundles', load: () => import('./commands/bundles.js') },
  { name: 'calendar', load: () => import('./commands/calendar.js') },
  { name: 'case', load: () => import('./commands/case.js') },
  { name: 'cases', load: () => import('./commands/cases.js') },
  { name: 'complaint', load: () => import('./commands/complaint.js') },
  { name: 'review', load: () => import('./commands/review.js') },
  { name: 'alerts', load: () => import('./commands/alerts.js') },
  { name: 'report', load: () => import('./commands/report.js') },
  { name: 'demo', load: () => import('./commands/demo.js') },
  { name: 'export', load: () => import('./commands/export.js') },
  { name: 'backup', load: () => import('./commands/database.js') },
  { name: 'doctor', load: () => import('./commands/database.js') },
];
