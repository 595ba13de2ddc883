/** The Troubleshoot tab. */
import React from 'react';
import { NotBuilt } from '../components/not-built.js';

export function TroubleshootScreen() {
  return <NotBuilt title="Troubleshoot" what="the runbooks for the documented pitfalls." />;
}
