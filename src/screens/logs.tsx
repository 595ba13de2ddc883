/** The Logs tab. */
import React from 'react';
import { NotBuilt } from '../components/not-built.js';

export function LogsScreen() {
  return <NotBuilt title="Logs" what="following the gateway and backend container logs." />;
}
