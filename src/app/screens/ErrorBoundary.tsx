// A screen that throws while drawing shows why, in place, and the rest of
// the dashboard keeps working (Esc goes back, `:` opens another view).
import React from 'react';
import { Box } from 'ink';
import { Lines } from '../../../views/widgets/Lines.js';
import { line, seg } from '../../../views/widgets/text.js';

interface Props {
  width: number;
  noColor: boolean;
  onError(e: Error): void;
  children: React.ReactNode;
}

export class ErrorBoundary extends React.Component<Props, { error?: Error }> {
  override state: { error?: Error } = {};

  static getDerivedStateFromError(error: Error): { error: Error } {
    return { error };
  }

  override componentDidCatch(error: Error): void {
    this.props.onError(error);
  }

  override render(): React.ReactNode {
    const e = this.state.error;
    if (!e) return this.props.children;
    const lines = [
      line(seg(' This screen could not be drawn', 'error', true)),
      line(''),
      line(seg(`  ${e.message}`, 'error')),
      line(''),
      line(seg('  Esc goes back; : opens another view. Run with --debug for the stack trace.', 'muted')),
    ];
    if (process.env.K8STUI_DEBUG) for (const l of (e.stack ?? '').split('\n').slice(1, 8)) lines.push(line(seg(`  ${l.trim()}`, 'muted')));
    return (
      <Box flexDirection="column">
        <Lines lines={lines} offset={0} height={lines.length} width={this.props.width} noColor={this.props.noColor} />
      </Box>
    );
  }
}
