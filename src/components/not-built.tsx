/** What a tab shows while its capability is not built yet: said plainly, never faked. */
import React from 'react';
import { Box, Text } from 'ink';
import { Styled } from './status.js';

export function NotBuilt(props: { title: string; what: string }) {
  return (
    <Box flexDirection="column">
      <Styled bold>{props.title}</Styled>
      <Text>Not built yet: {props.what}</Text>
    </Box>
  );
}
