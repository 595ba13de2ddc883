/** The Dashboard tab: what the session is pointed at, hop by hop. */
import React from 'react';
import { Box, Text } from 'ink';
import { useConsole } from '../components/context.js';
import { Styled } from '../components/status.js';

function Row(props: { label: string; value: string }) {
  return (
    <Box>
      <Box width={18} flexShrink={0}><Text>{props.label}</Text></Box>
      <Text wrap="truncate-end">{props.value}</Text>
    </Box>
  );
}

export function DashboardScreen() {
  const { config } = useConsole();
  const { edge, gateway, backend, ssh, project } = config;
  return (
    <Box flexDirection="column">
      <Styled bold>Edge (Envoy)</Styled>
      <Row label="control plane" value={edge.controlPlaneUrl} />
      <Row label="admin" value={edge.adminUrl} />
      <Row label="public URL" value={edge.publicUrl} />
      <Row label="cluster" value={edge.cluster} />
      <Styled bold>Gateway (Nginx)</Styled>
      <Row label="published" value={`${gateway.host}:${gateway.port} (${gateway.container})`} />
      <Styled bold>Backend (FastAPI)</Styled>
      <Row label="container" value={`${backend.container}, port ${backend.port} internal`} />
      <Row label="health path" value={backend.healthPath} />
      <Styled bold>Host</Styled>
      <Row label="ssh" value={`${ssh.user ? `${ssh.user}@` : ''}${ssh.host}:${ssh.port}`} />
      <Row label="project" value={project.remoteDir} />
      <Text> </Text>
      <Text>Live health of each hop is not built yet.</Text>
    </Box>
  );
}
