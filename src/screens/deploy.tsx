/** The Deploy tab. */
import React from 'react';
import { NotBuilt } from '../components/not-built.js';

export function DeployScreen() {
  return <NotBuilt title="Deploy" what="the deploy wizard (rsync, compose build, health-gated release, rollback)." />;
}
