/** Which screen each tab shows. */
import type React from 'react';
import type { TabId } from '../state/app.js';
import { DashboardScreen } from './dashboard.js';
import { DeployScreen } from './deploy.js';
import { TroubleshootScreen } from './troubleshoot.js';
import { LogsScreen } from './logs.js';

export const SCREENS: Record<TabId, React.ComponentType> = {
  dashboard: DashboardScreen,
  deploy: DeployScreen,
  troubleshoot: TroubleshootScreen,
  logs: LogsScreen,
};
