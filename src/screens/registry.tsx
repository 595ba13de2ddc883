/**
 * Which screen each tab shows. The dashboard is the first frame and loads with the console;
 * the other tabs (and the SSH, Docker and workflow code behind them) load on first use.
 */
import React, { lazy } from 'react';
import type { TabId } from '../state/app.js';
import { DashboardScreen } from './dashboard.js';

const DeployScreen = lazy(() => import('./deploy.js').then((m) => ({ default: m.DeployScreen })));
const TroubleshootScreen = lazy(() => import('./troubleshoot.js')
  .then((m) => ({ default: m.TroubleshootScreen })));
const LogsScreen = lazy(() => import('./logs.js').then((m) => ({ default: m.LogsScreen })));

export const SCREENS: Record<TabId, React.ComponentType> = {
  dashboard: DashboardScreen,
  deploy: DeployScreen,
  troubleshoot: TroubleshootScreen,
  logs: LogsScreen,
};
