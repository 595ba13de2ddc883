/**
 * The fix confirmation: what the fix does and its preview (a diff, or a command), above a
 * modal key layer, so nothing beneath reacts while it shows. y applies, n or esc cancels.
 */
import React, { useMemo } from 'react';
import { Box, Text } from 'ink';
import { useKeyLayer, useTheme } from '../../components/context.js';
import { Styled } from '../../components/status.js';
import type { KeyLayer } from '../../ui/keys.js';
import type { Fix } from '../../workflows/runbooks/model.js';

export interface ConfirmFixProps {
  fix: Fix;
  fixing: boolean;
  /** Rows the preview may take. */
  height: number;
  onConfirm: () => void;
  onCancel: () => void;
}

export function ConfirmFix(props: ConfirmFixProps) {
  const theme = useTheme();
  const { fix, onConfirm, onCancel } = props;
  const layer = useMemo<KeyLayer>(() => ({
    id: 'troubleshoot-confirm',
    modal: true,
    bindings: [
      ...(fix.apply ? [{ keys: ['y'], label: 'apply', dangerous: true,
        help: 'Apply the fix shown', run: onConfirm }] : []),
      { keys: ['n', 'escape'], label: fix.apply ? 'cancel' : 'close', run: onCancel },
    ],
  }), [fix, onConfirm, onCancel]);
  useKeyLayer(layer);

  const preview = fix.preview.split('\n');
  const shown = preview.slice(0, Math.max(1, props.height));
  return (
    <Box flexDirection="column" borderStyle={theme.borderStyle} paddingX={1}>
      <Styled bold>{fix.apply ? 'Apply this fix?' : 'Run this by hand'}</Styled>
      <Text wrap="wrap">{fix.describe}</Text>
      {shown.map((line, i) => <Text key={i} wrap="truncate-end">{line}</Text>)}
      {preview.length > shown.length
        ? <Text>{`${theme.symbols.ellipsis} ${preview.length - shown.length} more lines`}</Text>
        : null}
      <Text>
        {props.fixing ? 'applying…'
          : fix.apply ? 'y apply · n cancel' : 'esc close'}
      </Text>
    </Box>
  );
}
